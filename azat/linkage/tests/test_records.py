import io

import pytest

from azat.linkage.records import Record, RecordFileError, read_csv, records_from_text

HEADER = "record_id,given_name,family_name,patronymic,birth_date,sex,phone,document_number,place\n"


def read(text: str) -> list[Record]:
    return read_csv(io.BytesIO(text.encode("utf-8")))


def error_of(data: str | bytes) -> RecordFileError:
    stream = io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.raises(RecordFileError) as caught:
        read_csv(stream)
    return caught.value


def test_reads_records_keeping_names_phones_and_documents_as_written():
    records = read(
        HEADER
        + "k1,Жылдыз,Ахметова,Асанбек кызы,1990-05-12,ж,0555 123 456,АН 123,Бишкек\n"
        + "k2, Zhyldyz ,AKHMETOVA,,1990,F,+996555123456,,\n"
    )
    assert records == [
        Record(
            record_id="k1",
            given_name="Жылдыз",
            family_name="Ахметова",
            patronymic="Асанбек кызы",
            birth_date="1990-05-12",
            sex="f",
            phone="0555 123 456",
            document_number="АН 123",
            place="Бишкек",
        ),
        Record(
            record_id="k2",
            given_name=" Zhyldyz ",
            family_name="AKHMETOVA",
            birth_date="1990",
            sex="f",
            phone="+996555123456",
        ),
    ]


def test_an_address_column_is_read_when_a_file_has_one():
    records = read('record_id,given_name,address\nh1,Aida,"ул. Ленина, 5"\nh2,Aida,\n')
    assert [r.address for r in records] == ["ул. Ленина, 5", ""]


def test_birth_dates_and_sex_are_put_in_one_form():
    records = read(
        "record_id,birth_date,sex\n"
        "1,1990-5-2,male\n2,12.05.1990,М\n3,00.00.1990,\n4,1990-07,female\n5,,u\n"
    )
    assert [(r.birth_date, r.sex) for r in records] == [
        ("1990-05-02", "m"),
        ("1990-05-12", "m"),
        ("1990", ""),
        ("1990-07", "f"),
        ("", ""),
    ]


def test_columns_other_than_record_id_may_be_left_out_and_a_bom_is_ignored():
    records = read_csv(io.BytesIO("\ufeffrecord_id,family_name\n7,Karimov\n".encode()))
    assert records == [Record(record_id="7", family_name="Karimov")]


def test_reads_a_text_stream_and_skips_blank_lines():
    records = records_from_text("record_id,given_name\n1,Ali\n\n2,Vali\n")
    assert [r.record_id for r in records] == ["1", "2"]


def test_a_missing_record_id_column_names_line_one_and_the_column():
    error = error_of("given_name,family_name\nAli,Karimov\n")
    assert (error.line, error.column) == (1, "record_id")
    assert str(error).startswith("line 1, column record_id:")


def test_an_unknown_column_is_refused_by_name():
    error = error_of("record_id,birthdate\n1,1990\n")
    assert (error.line, error.column) == (1, "birthdate")


def test_a_duplicate_record_id_names_both_lines():
    error = error_of(HEADER + "a,,,,,,,,\nb,,,,,,,,\na,,,,,,,,\n")
    assert (error.line, error.column) == (4, "record_id")
    assert "line 2" in error.problem


def test_an_empty_record_id_is_refused():
    error = error_of(HEADER + "a,,,,,,,,\n  ,Ali,,,,,,,\n")
    assert (error.line, error.column) == (3, "record_id")


def test_a_bad_birth_date_names_line_column_and_problem():
    error = error_of(HEADER + "a,,,,1990-02-30,,,,\n")
    assert (error.line, error.column) == (2, "birth_date")
    assert "February 1990" in str(error)
    assert str(error).startswith("line 2, column birth_date:")


def test_a_date_in_an_unknown_format_is_refused():
    error = error_of("record_id,birth_date\n1,May 1990\n")
    assert (error.line, error.column) == (2, "birth_date")


def test_an_unknown_sex_is_refused():
    error = error_of("record_id,sex\n1,q\n")
    assert (error.line, error.column) == (2, "sex")


def test_a_row_with_too_few_fields_names_the_first_missing_column():
    error = error_of(HEADER + "a,Ali,Karimov\n")
    assert (error.line, error.column) == (2, "patronymic")
    assert "expected 9 fields" in error.problem


def test_a_row_with_too_many_fields_is_refused():
    error = error_of("record_id,given_name\n1,Ali,extra\n")
    assert error.line == 2
    assert "found 3" in error.problem


def test_bytes_that_are_not_utf8_name_the_line():
    data = b"record_id,given_name\n1,Ali\n" + "2,Жылдыз\n".encode("cp1251")
    error = error_of(data)
    assert error.line == 3
    assert "UTF-8" in error.problem


def test_an_empty_file_is_refused():
    error = error_of("")
    assert error.line == 1


def test_lines_are_counted_across_a_quoted_value_with_a_line_break():
    error = error_of('record_id,place\n1,"Osh\nregion"\n2,Naryn\n1,Talas\n')
    assert error.line == 5
