"""Encoding detection per file: what each message says (byte, line, count) and where the
UTF-8 / Windows-1252 decision tips, also when the damage is past the first chunk read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sync_helper.catalog.charset import CHUNK, Detected, EncodingProblem, detect_bytes, detect_file


def test_ascii_is_utf8_without_non_ascii_bytes() -> None:
    assert detect_bytes(b"COD_ETP;LIB\nL1CHIM;LICENCE\n") == Detected(
        "utf-8-sig", "UTF-8", non_ascii=False
    )


def test_utf8_with_accents_says_so() -> None:
    assert detect_bytes("Études\n".encode()) == Detected("utf-8-sig", "UTF-8", non_ascii=True)


def test_utf8_bom_is_utf8() -> None:
    assert detect_bytes(codecs.BOM_UTF8 + "Études".encode()).name == "UTF-8"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_is_refused_with_the_fix(bom: bytes) -> None:
    with pytest.raises(EncodingProblem) as caught:
        detect_bytes(bom + "COD_ETP".encode("utf-16-le"))
    assert str(caught.value) == "UTF-16 text is not accepted; save the file as UTF-8"


def test_windows_1252_accents() -> None:
    assert detect_bytes("É;è;à\nœ\n".encode("cp1252")) == Detected("cp1252", "Windows-1252")


def test_one_bad_byte_in_utf8_names_byte_line_and_count() -> None:
    raw = "L1;Études\nL2;Économie été\n".encode() + b"L3;\xe9t\xe9\n"
    with pytest.raises(EncodingProblem) as caught:
        detect_bytes(raw)
    assert str(caught.value) == (
        "UTF-8 text with an invalid byte 0xe9 on line 3 (2 bad bytes); fix or re-export it"
    )


def test_a_single_bad_byte_is_singular() -> None:
    with pytest.raises(EncodingProblem, match=r"0xe9 on line 1 \(1 bad byte\);"):
        detect_bytes("Études Économie ".encode() + b"\xe9 !")


@pytest.mark.parametrize(
    "raw",
    [
        b"LICENCE 1 CHIMIE " + b"\xc3",  # « é » cut after its first byte
        "ÉTUDES;L1CHIM;231;LICENCE ".encode() + "É".encode()[:1],  # more accents before
        b"LICENCE 1 " + "€".encode()[:2],  # two of three bytes
    ],
)
def test_a_file_cut_in_the_middle_of_a_character_is_an_error(raw: bytes, tmp_path: Path) -> None:
    """Read as Windows-1252 it would end in « Ã » (and turn every « É » into « Ã‰ »)."""
    with pytest.raises(EncodingProblem, match=r"^ends in the middle of a UTF-8 character \(byte"):
        detect_bytes(raw)
    path = tmp_path / "cut.csv"
    path.write_bytes(raw)
    with pytest.raises(EncodingProblem, match=r"^ends in the middle of a UTF-8 character \(byte"):
        detect_file(path)


def test_as_many_bad_bytes_as_utf8_accents_is_windows_1252() -> None:
    """« Ã© » is two valid-looking Windows-1252 letters; one UTF-8 sequence against one
    byte that is not UTF-8 is not enough to call the file damaged UTF-8."""
    assert detect_bytes("Ã©t\xe9\n".encode("cp1252")).name == "Windows-1252"
    with pytest.raises(EncodingProblem, match="invalid byte"):
        detect_bytes("Ã©tÃ©t\xe9\n".encode("cp1252"))


def test_undefined_windows_1252_byte_names_byte_and_line() -> None:
    with pytest.raises(EncodingProblem) as caught:
        detect_bytes(b"COD\n\xe9t\xe9\nX\x81\x8dY\n")
    assert str(caught.value) == (
        "neither UTF-8 nor Windows-1252: byte 0x81 on line 3 is undefined in Windows-1252"
    )


def test_undefined_byte_in_valid_utf8_is_fine() -> None:
    """0x81 and 0x8d are continuation bytes of « Á » and « č » in UTF-8."""
    assert detect_bytes("ÁčŐ".encode()).name == "UTF-8"


def write_big(path: Path, tail: bytes, encoding: str = "utf-8") -> Path:
    """Lines of text filling more than one read chunk, then ``tail``."""
    line = "010;UFR des Sciences;L1CHIM;231;LICENCE 1 CHIMIE\n".encode(encoding)
    lines = CHUNK // len(line) + 10
    path.write_bytes(line * lines + tail)
    return path


def test_bad_byte_past_the_first_chunk_names_its_line(tmp_path: Path) -> None:
    line = len("010;UFR des Sciences;L1CHIM;231;LICENCE 1 CHIMIE\n")
    expected = CHUNK // line + 10 + 2
    path = write_big(tmp_path / "big.csv", "Économie été\n".encode() + b"\xe9\n")
    with pytest.raises(EncodingProblem, match=rf"0xe9 on line {expected} \(1 bad byte\)"):
        detect_file(path)


def test_undefined_byte_past_the_first_chunk_names_its_line(tmp_path: Path) -> None:
    line = len("010;UFR des Sciences;L1CHIM;231;LICENCE 1 CHIMIE\n")
    expected = CHUNK // line + 10 + 2
    path = write_big(tmp_path / "big.csv", b"\xe9\n\x9d\n")
    with pytest.raises(EncodingProblem, match=rf"byte 0x9d on line {expected} is undefined"):
        detect_file(path)


def test_first_bad_byte_is_reported_not_a_later_one(tmp_path: Path) -> None:
    path = write_big(tmp_path / "big.csv", "É\nÉ\nÉ\n".encode() + b"\xe0\n\xe8\n")
    with pytest.raises(EncodingProblem, match=r"invalid byte 0xe0 .*\(2 bad bytes\)"):
        detect_file(path)


def test_utf8_sequence_cut_by_the_chunk_boundary_is_not_damage(tmp_path: Path) -> None:
    """A two-byte « é » whose first byte ends one chunk and second starts the next."""
    path = tmp_path / "cut.csv"
    path.write_bytes(b"a" * (CHUNK - 1) + "é\n".encode())
    assert detect_file(path) == Detected("utf-8-sig", "UTF-8", non_ascii=True)


def test_windows_1252_file_bigger_than_a_chunk(tmp_path: Path) -> None:
    path = write_big(tmp_path / "big.csv", "Économie\n".encode("cp1252"), encoding="cp1252")
    assert detect_file(path) == Detected("cp1252", "Windows-1252")


def test_counts_and_the_first_bad_byte_carry_over_chunks(tmp_path: Path) -> None:
    """Accents in the first chunk, bad bytes in both: the file is damaged UTF-8, both bad
    bytes are counted, and the one named is the first."""
    path = tmp_path / "two-chunks.csv"
    first = "é\n".encode() * 10 + b"\xe0\n"
    path.write_bytes(first + b"a" * (CHUNK - len(first)) + b"\n\xe8\n")
    with pytest.raises(EncodingProblem) as caught:
        detect_file(path)
    assert str(caught.value) == (
        "UTF-8 text with an invalid byte 0xe0 on line 11 (2 bad bytes); fix or re-export it"
    )


@pytest.mark.parametrize(
    ("tail", "says"),
    [
        ("éé\n".encode() + b"\xe9\n", "invalid byte 0xe9 on line 3 "),
        (b"b\n\x9d\n", "byte 0x9d on line 3 is undefined"),
    ],
)
def test_a_chunk_starting_with_a_line_break_counts_it(
    tmp_path: Path, tail: bytes, says: str
) -> None:
    path = tmp_path / "newline-first.csv"
    path.write_bytes(b"a" * CHUNK + b"\n" + tail)
    with pytest.raises(EncodingProblem) as caught:
        detect_file(path)
    assert says in str(caught.value)
