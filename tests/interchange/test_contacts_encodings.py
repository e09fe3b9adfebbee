"""Encodings: Japanese Excel's Shift-JIS and EUC-JP detected, the rest through charset-normalizer, never mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountplan.errors import EncodingUnsure, ImportRejected, InvalidValue
from accountplan.interchange.contact_encodings import looks_like_text
from accountplan.interchange.contact_formats import read_contacts

#: What a Japanese sales team keeps of a customer: 髙 (the "ladder" taka, an IBM extension of CP932) and ①
#: (an NEC special character) are what plain Shift-JIS lacks and Japanese Excel writes all the same.
JAPANESE = (
    "氏名,役職,部署,メール\r\n"
    "髙橋 一郎,代表取締役社長,経営企画部,takahashi@customer.example\r\n"
    "渡辺 さくら,部長,営業部①,\r\n"
    "ヤマダ タロウ,課長代理,情報システム部,\r\n"
)
#: The same people in the JIS X 0208 repertoire (EUC-JP has neither 髙 nor ①).
JAPANESE_EUC = JAPANESE.replace("髙", "高").replace("①", "第一")


def write(tmp_path: Path, data: bytes, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def people(path: Path, **options: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.name, c.title, c.department) for c in read_contacts(path, **options).contacts]  # type: ignore[arg-type]


def test_shift_jis_as_japanese_excel_writes_it(tmp_path: Path) -> None:
    path = write(tmp_path, JAPANESE.encode("cp932"))
    assert read_contacts(path).encoding == "Shift-JIS (CP932)"
    assert people(path) == [
        ("髙橋 一郎", "代表取締役社長", ("経営企画部",)),
        ("渡辺 さくら", "部長", ("営業部①",)),
        ("ヤマダ タロウ", "課長代理", ("情報システム部",)),
    ]


def test_euc_jp_is_read_as_itself_not_as_mojibake(tmp_path: Path) -> None:
    path = write(tmp_path, JAPANESE_EUC.encode("euc_jp"))
    assert read_contacts(path).encoding == "EUC-JP"
    assert people(path)[0] == ("高橋 一郎", "代表取締役社長", ("経営企画部",))


def test_kanji_only_euc_jp_goes_through_charset_normalizer(tmp_path: Path) -> None:
    path = write(tmp_path, "名前,役職\r\n高橋,部長\r\n".encode("euc_jp"))
    assert read_contacts(path).encoding == "EUC-JP"
    assert people(path) == [("高橋", "部長", ())]


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (
            "Name,Title\r\nОльга Петрова,Директор по продажам\r\nИван Смирнов,Финансовый директор\r\n",
            "cp1251",
            "Windows-1251",
        ),
        (
            "Name,Title\r\nŁukasz Żółć,Dyrektor finansowy\r\nAgnieszka Wójcik,Księgowa\r\n",
            "cp1250",
            "Windows-1250",
        ),
        (
            "Name;Title\r\nRené Müller;Geschäftsführer\r\nFrançois Weiß;Directeur général\r\n",
            "cp1252",
            "Windows-1252",
        ),
        ("姓名,职位\r\n王伟,总经理\r\n李娜,财务总监\r\n", "gb18030", "GB18030"),
        ("이름,직위\r\n김민준,부장\r\n이서연,과장\r\n", "cp949", "Korean (CP949)"),
    ],
    ids=["Russian", "Polish", "German and French", "Chinese", "Korean"],
)
def test_other_encodings_through_charset_normalizer(
    tmp_path: Path, text: str, codec: str, label: str
) -> None:
    path = write(tmp_path, text.encode(codec))
    file = read_contacts(path)
    assert file.encoding == label
    lines = text.splitlines()[1:]
    assert [c.name for c in file.contacts] == [line.replace(";", ",").split(",")[0] for line in lines]


def test_utf8_with_a_byte_order_mark_is_not_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, JAPANESE.encode("utf-8-sig"))
    assert read_contacts(path).encoding == "UTF-8 with BOM"
    assert people(path)[0][0] == "髙橋 一郎"


#: Kanji whose EUC-JP bytes are kanji in Shift-JIS too (and in Big5 and CP949): nothing tells them apart.
AMBIGUOUS = b"Name,Title\r\nAnn Lee,CFO\r\n\xed\xfb\xea\xa1,\xed\xcc\xe8\xca\r\n"


def test_bytes_that_read_as_text_in_several_encodings_are_refused_naming_them(tmp_path: Path) -> None:
    path = write(tmp_path, AMBIGUOUS)
    with pytest.raises(EncodingUnsure) as caught:
        read_contacts(path)
    unsure = caught.value
    assert unsure.line == 3  # the first line where the readings differ
    assert {"cp932", "euc_jp"} <= {codec for codec, _, _ in unsure.candidates}
    samples = {codec: sample for codec, _, sample in unsure.candidates}
    assert samples["euc_jp"] == AMBIGUOUS.splitlines()[2].decode("euc_jp")
    assert str(unsure).startswith(f"{path} line 3: the encoding is unclear, this line reads as ")
    # Named, the file is read in that encoding and no other.
    assert people(path, encoding="euc-jp")[1][0] == AMBIGUOUS.splitlines()[2].decode("euc_jp").split(",")[0]
    assert people(path, encoding="cp932")[1][0] == AMBIGUOUS.splitlines()[2].decode("cp932").split(",")[0]


def test_an_encoding_named_that_does_not_fit_is_refused_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, JAPANESE.encode("cp932"))
    with pytest.raises(ImportRejected) as caught:
        read_contacts(path, encoding="utf-8")
    assert (caught.value.line, caught.value.reason) == (1, "byte 0x8e is not UTF-8 text (binary data?)")
    with pytest.raises(InvalidValue, match="'klingon' is not an encoding known here"):
        read_contacts(path, encoding="klingon")


def test_control_characters_are_binary_data_in_any_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "氏名,役職\r\n髙橋 一郎,部長\x1b[0m\r\n".encode("cp932"))
    with pytest.raises(ImportRejected) as caught:
        read_contacts(path)
    assert (caught.value.line, caught.value.reason) == (2, "binary data (control character 0x1b)")


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("Łukasz Żółć, Dyrektor", True),
        ("£ukasz ¯ó³æ, Dyrektor", False),  # Windows-1250 read as Windows-1252
        ("Ольга Петрова", True),
        ("Ολόγΰ Οεςπξβΰ", False),  # Windows-1251 read as Windows-1253
        ("営業部①・情報システム部", True),
        ("ÉôÄ¹,±Ä¶ÈÉô", False),  # EUC-JP read as Windows-1252
        ("ﾔﾏﾀﾞ ﾀﾛｳ", True),
        ("ｹ筝ｶ", False),  # EUC-JP read as Shift-JIS: half-width kana inside a kanji word
    ],
)
def test_what_reads_as_text_and_what_is_mojibake(text: str, readable: bool) -> None:
    assert looks_like_text(text) is readable
