"""`rectiflow items chase`: the office's 催办 from the shell, refused for anyone else."""


def test_the_office_chases_an_item_and_is_told_who_heard(seeded):
    lead = seeded("items", "show", 1, "--json").json()["item"]["lead_unit"]
    done = seeded("items", "chase", 1, "--as", "黄建平", "--note", "请本周内报送进展")
    assert done.code == 0 and f"已催办{lead}" in done.text and "已通知" in done.text
    assert any(entry["kind"] == "unit_chased" for entry in seeded("audit", "log", "--json").json())


def test_a_liaison_cannot_chase(seeded):
    refused = seeded("items", "chase", "--unit", "办公室", "--as", "吴晓燕")
    assert refused.code == 1 and "只有整改办可以催办" in refused.text
