"""``python -m bot ask``: readable answers, JSON lines from arguments and from stdin."""

from __future__ import annotations

import json

from conftest import run_bot

JSON_KEYS = {"question", "role", "alternatives", "duty", "score", "kind"}


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_ask_readable() -> None:
    result = run_bot("ask", "what does the treasurer do")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Q: what does the treasurer do" in out
    assert "Treasurer" in out
    assert "(treasurer)" in out
    assert "Discord reply:" in out
    reply = out.split("Discord reply:", 1)[1]
    assert "**Treasurer**:" in reply
    assert "/role name:Treasurer" in reply


def test_ask_json_two_questions() -> None:
    result = run_bot("ask", "--json", "what does the treasurer do", "who books rooms for meetings?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2, result.stdout
    answers = [json.loads(line) for line in lines]
    for answer in answers:
        assert set(answer) == JSON_KEYS
        assert isinstance(answer["alternatives"], list)
        assert isinstance(answer["score"], int | float)
    assert answers[0]["question"] == "what does the treasurer do"
    assert answers[0]["role"] == "treasurer"
    assert answers[1]["question"] == "who books rooms for meetings?"
    assert answers[1]["role"] == "secretary"
    assert answers[1]["duty"] == "To book rooms for meetings"


def test_ask_json_from_stdin() -> None:
    stdin = "what does the treasurer do\n\n   \nwhat is the capital of France\n\n"
    result = run_bot("ask", "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    answers = json_lines(result.stdout)
    assert [a["question"] for a in answers] == [
        "what does the treasurer do",
        "what is the capital of France",
    ]
    assert all(set(a) == JSON_KEYS for a in answers)
    assert answers[0]["role"] == "treasurer"
    assert answers[1]["role"] is None
    assert answers[1]["duty"] is None
    assert '"role": null' in result.stdout.splitlines()[1]


def test_ask_json_empty_stdin() -> None:
    result = run_bot("ask", "--json", stdin="")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_ask_readable_out_of_scope() -> None:
    result = run_bot("ask", "what is the capital of France")
    assert result.returncode == 0, result.stderr
    assert "Kind:    unknown" in result.stdout
    assert "don't know" in result.stdout


def test_ask_json_kind_for_each_kind_of_question() -> None:
    questions = {
        "hello!": ("smalltalk", False),
        "what are my duties?": ("personal", False),  # no member on the command line: no post
        "what is PPERA?": ("glossary", False),
        "who is our MP?": ("not_covered", False),
        "what does the treasurer do": ("post", True),
        "who checks the treasurer's accounts?": ("post", True),
        "who is our treasurer?": ("holder", True),
        "florp blargh wibble": ("unknown", False),
    }
    result = run_bot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    answers = json_lines(result.stdout)
    assert [a["question"] for a in answers] == list(questions)
    for answer in answers:
        kind, has_post = questions[answer["question"]]
        assert set(answer) == JSON_KEYS
        assert answer["kind"] == kind, answer
        assert (answer["role"] is not None) == has_post, answer
    not_covered = answers[3]
    assert not_covered["duty"] and "MP" in not_covered["duty"]  # the related duty (the Chair's)
    assert "auditor" == answers[5]["role"]


def test_ask_readable_not_covered_says_so_and_relates_a_duty() -> None:
    result = run_bot("ask", "who is our MP?")
    assert result.returncode == 0, result.stderr
    assert "don't say anything about who your MP is" in result.stdout
    assert "Related: the **Chair**" in result.stdout


def test_ask_uses_the_semantic_layer_as_configured(model_dir, tmp_path) -> None:
    """`ask` answers as the bot does: with the model when it can be used, by words when not."""
    question = "who do i ask to hire a hall"
    with_model = run_bot("ask", "--json", question, SEMANTIC="on", EMBEDDING_MODEL_DIR=str(model_dir))
    assert with_model.returncode == 0, with_model.stderr
    answer = json.loads(with_model.stdout)
    assert (answer["role"], answer["kind"]) == ("secretary", "post")
    without = run_bot("ask", "--json", question, SEMANTIC="on", EMBEDDING_MODEL_DIR=str(tmp_path))
    assert without.returncode == 0
    assert json.loads(without.stdout)["role"] is None
    (line,) = [x for x in without.stderr.splitlines() if x.strip()]
    assert line.startswith("Semantic layer off") and "EMBEDDING_MODEL_DIR=" in line
