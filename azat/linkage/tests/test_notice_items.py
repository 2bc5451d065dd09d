"""The notice's items as HTML: every value escaped, each basis labelled, a missing contact said."""

from __future__ import annotations

from azat.accounts.models import Organisation
from azat.linkage.selectors import Contact, KnownElsewhere
from azat.linkage.templatetags.linkage_tags import known_elsewhere_items


def _notice(**kwargs: object) -> KnownElsewhere:
    organisation = Organisation(name='Crisis <Centre> "Ak"', country="KZ")
    return KnownElsewhere(organisation=organisation, **kwargs)  # type: ignore[arg-type]


def test_values_are_escaped_and_contacts_joined():
    html = known_elsewhere_items(
        [
            _notice(
                basis="linked",
                contacts=[Contact("A <b>", "a@x.example"), Contact("", "b@x.example")],
                phone="+7 <1>",
                email="desk@x.example",
            )
        ]
    )
    assert "<strong>Crisis &lt;Centre&gt; &quot;Ak&quot;</strong> · Kazakhstan" in html
    assert 'class="badge badge-warn">linked by record linkage' in html
    assert 'A &lt;b&gt; (<a href="mailto:a@x.example">a@x.example</a>), b@x.example (' in html
    assert (
        'phone <a href="tel:+7 &lt;1&gt;">+7 &lt;1&gt;</a> · <a href="mailto:desk@x.example">'
        in html
    )
    assert "<b>" not in html and "<1>" not in html


def test_each_basis_has_its_label_and_a_missing_contact_is_said():
    html = known_elsewhere_items(
        [_notice(basis="candidate", contacts=[]), _notice(basis="hint", contacts=[])]
    )
    assert "possible match, awaiting review" in html
    assert "same name or document number" in html
    assert html.count("no contact recorded") == 2
