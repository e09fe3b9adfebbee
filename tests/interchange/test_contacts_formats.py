"""The contact formats: Salesforce and LinkedIn exports, any CSV through a mapping, vCard 3.0 and 4.0."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountplan.errors import ImportRejected, InvalidValue
from accountplan.interchange.contact_formats import (
    ContactFormat,
    column_mapping,
    open_contacts,
    parse_mapping,
    read_contacts,
)
from accountplan.interchange.contact_records import ManagerRef


def write(tmp_path: Path, text: str, name: str = "contacts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


SALESFORCE = (
    "Id,AccountId,OwnerId,FirstName,LastName,Title,Department,Email,Phone,MobilePhone,ReportsToId,Description\r\n"
    '0035e00000AAA01,0015e00000X,0055e00000O,Ольга,Петрова,Chief Executive Officer,Board,olga@customer.example,+49 30 1,,,"Met at the ""Summit"".\r\nPrefers email."\r\n'
    "0035e00000AAA02,0015e00000X,0055e00000O,大輔,井上,CFO,Finance,daisuke@customer.example,,+81 90 2,0035e00000AAA01,\r\n"
)


def test_a_salesforce_export_is_recognised_and_read_column_by_column(tmp_path: Path) -> None:
    file = read_contacts(write(tmp_path, SALESFORCE))
    assert file.format is ContactFormat.SALESFORCE
    assert file.ignored == ("AccountId", "OwnerId")
    olga, daisuke = file.contacts
    assert olga.name == "Ольга Петрова"
    assert (olga.external_id, olga.title, olga.department) == (
        "0035e00000AAA01",
        "Chief Executive Officer",
        ("Board",),
    )
    assert olga.notes == 'Met at the "Summit".\nPrefers email.'
    assert daisuke.name == "井上 大輔"  # family name first, as the Japanese write it
    assert daisuke.phone == "+81 90 2"  # the mobile when there is no office phone
    assert daisuke.manager == ManagerRef(external_id="0035e00000AAA01")


def test_a_salesforce_export_may_name_managers_by_email(tmp_path: Path) -> None:
    text = (
        "FirstName,LastName,Email,ReportsTo.Email\r\n"
        "Ann,Lee,ann@customer.example,\r\n"
        "Bob,Ray,bob@customer.example,ann@customer.example\r\n"
    )
    file = read_contacts(write(tmp_path, text))
    assert file.format is ContactFormat.SALESFORCE
    assert file.contacts[1].manager == ManagerRef(email="ann@customer.example")


def test_a_linkedin_export_gives_title_email_and_profile(tmp_path: Path) -> None:
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Søren,Ødegård,https://www.linkedin.com/in/soren-odegard,soren@customer.example,Customer AS,VP Procurement,12 Jan 2025\r\n"
    )
    file = read_contacts(write(tmp_path, text))
    assert file.format is ContactFormat.LINKEDIN
    (soren,) = file.contacts
    assert (soren.name, soren.title, soren.email) == (
        "Søren Ødegård",
        "VP Procurement",
        "soren@customer.example",
    )
    assert soren.external_id == "https://www.linkedin.com/in/soren-odegard"
    assert soren.company == "Customer AS"  # who is at the account and who is not (see the import)
    assert set(file.ignored) == {"Connected On"}


GENERIC = "Full name,Role,Team,Boss,Mail,Comment\r\nAnn Lee,CFO,Finance,,ann@x.example,Key contact\r\nBob Ray,Controller,Finance,Ann Lee,,\r\n"


def test_any_csv_through_a_column_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, GENERIC)
    source = open_contacts(path)
    assert source.format is ContactFormat.CSV
    mapping = parse_mapping(["Role=title", "Team=department", "Boss=manager", "Comment=ignore"])
    assert column_mapping(source, mapping) == {
        "Full name": "name",
        "Role": "title",
        "Team": "department",
        "Boss": "manager_name",
        "Mail": "email",
        "Comment": "ignore",
    }
    ann, bob = read_contacts(path, mapping=mapping).contacts
    assert (ann.name, ann.title, ann.department, ann.email, ann.notes) == (
        "Ann Lee",
        "CFO",
        ("Finance",),
        "ann@x.example",
        "",
    )
    assert bob.manager == ManagerRef(name="Ann Lee")


def test_a_mapping_overrides_the_formats_reading_of_a_column(tmp_path: Path) -> None:
    text = "Id,FirstName,LastName,Title,Department\r\n003A1,Ann,Lee,CFO,Finance\r\n"
    (ann,) = read_contacts(write(tmp_path, text), mapping={"Department": "location"}).contacts
    assert (ann.location, ann.department) == ("Finance", ())


def test_a_mapping_naming_an_unknown_column_or_field_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GENERIC)
    with pytest.raises(InvalidValue, match="has no column 'Rank'; its columns are: Full name, Role, Team"):
        read_contacts(path, mapping={"Rank": "title"})
    with pytest.raises(
        InvalidValue, match="'salary' is not a contact field; the fields are: name, first_name"
    ):
        parse_mapping(["Role=salary"])
    with pytest.raises(InvalidValue, match="is not COLUMN=FIELD"):
        parse_mapping(["Role"])


def test_a_csv_without_a_name_column_asks_for_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "Person,Role\r\nAnn Lee,CFO\r\n")
    with pytest.raises(
        InvalidValue, match="No column of .* gives the names; map one, for example --map 'Person=name'"
    ):
        read_contacts(path)
    (ann,) = read_contacts(path, mapping={"Person": "name"}).contacts
    assert ann.name == "Ann Lee"


VCARD_3 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Lefèvre;Zoë;;;\r\n"
    "FN:Zoë Lefèvre\r\n"
    "ORG:Customer SA;Finance;Treasury\r\n"
    "TITLE:VP, Treasury\r\n"
    "EMAIL;TYPE=INTERNET,HOME:zoe@home.example\r\n"
    "EMAIL;TYPE=INTERNET,WORK:zoe@customer.example\r\n"
    "TEL;TYPE=WORK,VOICE:+33 1 23 45 67 89\r\n"
    "NOTE:Met in Paris\\, twice.\\nLikes long emails that run past the seventy-five octet\r\n"
    "  limit of a line.\r\n"
    "X-MANAGER:Jean Dupont\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 20_000 + "\r\n"
    "END:VCARD\r\n"
    "\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:井上;大輔;;;\r\n"
    "ORG:Customer KK\r\n"
    "item1.X-ABRELATEDNAMES:Zoë Lefèvre\r\n"
    "item1.X-ABLabel:_$!<Manager>!$_\r\n"
    "END:VCARD\r\n"
)


def test_vcard_3_with_folding_escapes_and_managers(tmp_path: Path) -> None:
    file = read_contacts(write(tmp_path, VCARD_3, "contacts.vcf"))
    assert file.format is ContactFormat.VCARD
    zoe, daisuke = file.contacts
    assert (zoe.line, zoe.name, zoe.title) == (1, "Zoë Lefèvre", "VP, Treasury")  # an unescaped comma kept
    assert zoe.department == ("Finance", "Treasury")
    assert (zoe.email, zoe.phone) == ("zoe@customer.example", "+33 1 23 45 67 89")
    assert (
        zoe.notes
        == "Met in Paris, twice.\nLikes long emails that run past the seventy-five octet limit of a line."
    )
    assert zoe.manager == ManagerRef(name="Jean Dupont")
    assert (daisuke.line, daisuke.name, daisuke.department) == (16, "井上 大輔", ())
    assert daisuke.manager == ManagerRef(name="Zoë Lefèvre")  # Apple Contacts' related name labelled Manager


VCARD_4 = (
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\n"
    "FN:Дмитрий Соколов\n"
    "ORG:Customer LLC;IT\n"
    "TITLE:CIO\n"
    "EMAIL;PREF=1:dmitry@customer.example\n"
    'TEL;VALUE=uri;TYPE="work,voice":tel:+7-495-555-0101\n'
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "VERSION:4.0\n"
    "UID:urn:uuid:a1b2c3d4-0000-4000-8000-000000000002\n"
    "FN:Анна Смирнова\n"
    "ORG:Customer LLC;IT\n"
    "RELATED;TYPE=x-manager:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\n"
    "END:VCARD\n"
)


def test_vcard_4_with_uids_and_a_related_manager(tmp_path: Path) -> None:
    dmitry, anna = read_contacts(write(tmp_path, VCARD_4, "contacts.vcf")).contacts
    assert (dmitry.name, dmitry.title, dmitry.department) == ("Дмитрий Соколов", "CIO", ("IT",))
    assert (dmitry.email, dmitry.phone) == ("dmitry@customer.example", "+7-495-555-0101")
    assert dmitry.external_id == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert anna.manager == ManagerRef(external_id=dmitry.external_id)


def test_vcard_2_1_quoted_printable_as_phones_export_it(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2=D0=B0;=D0=9E=\r\n"
        "=D0=BB=D1=8C=D0=B3=D0=B0;;;\r\n"
        "TEL;WORK;VOICE:+49 30 1\r\nEND:VCARD\r\n"
    )
    (olga,) = read_contacts(write(tmp_path, text, "phone.vcf")).contacts
    assert (olga.name, olga.phone) == ("Ольга Петрова", "+49 30 1")


def test_a_vcard_file_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    assert open_contacts(write(tmp_path, VCARD_4, "export.txt")).format is ContactFormat.VCARD


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\n", 1, "a vCard begins here but never ends (no END:VCARD)"),
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN Ann Lee\nEND:VCARD\n",
            3,
            "this vCard line cannot be read ('FN Ann Lee')",
        ),
        ("FN:Ann Lee\n", 1, "this line is outside any vCard (BEGIN:VCARD … END:VCARD)"),
        ("BEGIN:VCARD\nBEGIN:VCARD\nEND:VCARD\n", 2, "a vCard begins inside another one"),
        (
            "BEGIN:VCARD\nNOTE:" + "n" * 10_001 + "\nEND:VCARD\n",
            2,
            "the NOTE value is 10,001 characters long (at most 10,000)",
        ),
    ],
)
def test_malformed_vcards_are_refused_by_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    with pytest.raises(ImportRejected) as caught:
        open_contacts(write(tmp_path, text, "contacts.vcf"))
    assert (caught.value.line, caught.value.reason) == (line, reason)


def test_a_mapping_is_refused_for_vcards(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="applies to CSV files, not to vCards"):
        read_contacts(write(tmp_path, VCARD_4, "contacts.vcf"), mapping={"FN": "name"})


def test_quoted_printable_control_characters_are_dropped_from_a_vcard(tmp_path: Path) -> None:
    # =01, =0B, =1B, =00 and a lone =0D decode to control characters: none of them reaches the plan.
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;ENCODING=QUOTED-PRINTABLE:Olga=01 Pe=00trova=1B[31m\r\n"
        "TITLE;ENCODING=QUOTED-PRINTABLE:Chief=0B Executive=0DOfficer\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0ALine two=07\r\n"
        "END:VCARD\r\n"
    )
    (olga,) = read_contacts(write(tmp_path, text, "phone.vcf")).contacts
    assert olga.name == "Olga Petrova[31m"
    assert olga.title == "Chief\n Executive\nOfficer"
    assert olga.notes == "Line one\nLine two"
