"""The pure crypto helpers: key ring parsing, authenticated encryption, keyed hashes."""

import base64

import pytest

from azat.core.crypto import DecryptionError, KeyConfigError, KeyRing, keyed_hash, token_key_id

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()


def test_newest_key_encrypts_and_every_key_decrypts():
    old = KeyRing.parse(f"old:{KEY_A}")
    token = old.encrypt("Айгуль", context="c")
    ring = KeyRing.parse(f"new:{KEY_B},old:{KEY_A}")
    assert ring.decrypt(token, context="c") == "Айгуль"
    assert token_key_id(ring.encrypt("x", context="c")) == "new"


def test_wrong_key_raises_instead_of_returning_ciphertext():
    token = KeyRing.parse(f"k:{KEY_A}").encrypt("secret", context="c")
    with pytest.raises(DecryptionError, match="wrong key"):
        KeyRing.parse(f"k:{KEY_B}").decrypt(token, context="c")


def test_unknown_key_id_is_a_loud_error():
    token = KeyRing.parse(f"gone:{KEY_A}").encrypt("secret", context="c")
    with pytest.raises(DecryptionError, match="No key with id 'gone'"):
        KeyRing.parse(f"k:{KEY_A}").decrypt(token, context="c")


def test_ciphertext_moved_to_another_column_does_not_decrypt():
    ring = KeyRing.parse(f"k:{KEY_A}")
    token = ring.encrypt("secret", context="cases.Person.given_name")
    with pytest.raises(DecryptionError):
        ring.decrypt(token, context="cases.Person.notes")


def test_same_plaintext_encrypts_differently_each_time():
    ring = KeyRing.parse(f"k:{KEY_A}")
    assert ring.encrypt("same", context="c") != ring.encrypt("same", context="c")


def test_empty_string_round_trips():
    ring = KeyRing.parse(f"k:{KEY_A}")
    assert ring.decrypt(ring.encrypt("", context="c"), context="c") == ""


def test_plain_text_is_not_mistaken_for_a_token():
    with pytest.raises(DecryptionError):
        KeyRing.parse(f"k:{KEY_A}").decrypt("Zhyldyz", context="c")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("nocolon", "must look like"),
        ("k:not base64!", "not base64"),
        (f"k:{base64.b64encode(b'short').decode()}", "it must be 32"),
        (f"k:{KEY_A},k:{KEY_B}", "appears twice"),
    ],
)
def test_malformed_key_ring_is_refused_with_a_reason(spec, message):
    with pytest.raises(KeyConfigError, match=message):
        KeyRing.parse(spec)


def test_keyed_hash_separates_purposes():
    key = b"k" * 32
    assert keyed_hash(key, purpose="name", normalised="a") != keyed_hash(
        key, purpose="document", normalised="a"
    )
    assert keyed_hash(key, purpose="name", normalised="a") == keyed_hash(
        key, purpose="name", normalised="a"
    )
