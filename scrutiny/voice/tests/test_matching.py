"""The safety route's matcher: the pattern language, how a message is read, and the figures on the
tuning set (so a change that loses recall or raises false alarms fails CI). Pure Python: no
database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scrutiny.voice.matching import Entry, Lexicon, PatternError, compile_rules, find, read
from scrutiny.voice.vocabulary import match, parse, shipped

TUNING_SET = Path(__file__).resolve().parents[3] / "bench" / "safety" / "tuning.yaml"


def hits(patterns: list[str], text: str, groups: dict[str, list[str]] | None = None, also: str = "") -> list[str]:
    """The words each pattern matched in ``text``, for a small vocabulary of these patterns."""
    entries = [Entry(f"test:{p}", "test", p, also) for p in patterns]
    groups = groups or {}
    words = {w for p in patterns for w in p.replace("(", " ").replace(")", " ").replace("|", " ").split()}
    lexicon = Lexicon({"dont": "do not", "im": "i am"}, frozenset(w for w in words if w.isalpha()))
    return [hit.words for hit in find(text, compile_rules(entries, groups), lexicon)]


def flagged(text: str) -> bool:
    return bool(match(text))


# --- The pattern language ---------------------------------------------------------------------------


def test_it_matches_one_of_several_alternatives_including_phrases() -> None:
    assert hits(["(hit|ran away from) home"], "i ran away from home") == ["ran away from home"]
    assert hits(["(hit|ran away from) home"], "i went home") == []


def test_it_treats_square_brackets_as_optional() -> None:
    assert hits(["kill [my] self"], "kill self") == ["kill self"]
    assert hits(["kill [my] self"], "kill my self") == ["kill my self"]


def test_it_expands_a_word_class() -> None:
    groups = {"weapon": ["knife", "zombie knife", "blade*"]}
    assert hits(["carrying (@weapon)"], "hes carrying blades now", groups) == ["carrying blades"]
    assert hits(["carrying (@weapon)"], "hes carrying shopping", groups) == []


def test_it_allows_gaps_of_up_to_three_or_six_words() -> None:
    assert hits(["want ~ die"], "i want to just die") == ["want to just die"]
    assert hits(["want ~ die"], "i want to go and then die") == []
    assert hits(["want ~~ die"], "i want to go and then die") == ["want to go and then die"]


def test_it_reads_not_as_the_next_word_is_not() -> None:
    pattern = ["kicked out ! (of class)"]
    assert hits(pattern, "i got kicked out of class") == []
    assert hits(pattern, "i got kicked out last night") == ["kicked out"]


def test_it_needs_the_with_pattern_somewhere_in_the_message() -> None:
    assert hits(["scared"], "im scared every night at home", also="at home") == ["scared … at home"]
    assert hits(["scared"], "im scared of spiders", also="at home") == []


def test_it_matches_an_exact_word_only_with_an_equals_sign() -> None:
    assert hits(["=homeless"], "we did a project on homelessness") == []
    assert hits(["=homeless"], "i am homeless") == ["homeless"]
    assert hits(["homeless"], "we did a project on homelessness") == ["homelessness"]


def test_it_names_the_entry_whose_pattern_cannot_be_read() -> None:
    with pytest.raises(PatternError, match="suicide:broken"):
        compile_rules([Entry("suicide:broken", "suicide", "(kill myself")], {})
    with pytest.raises(PatternError, match="no word class '@nothing'"):
        compile_rules([Entry("x", "x", "(@nothing)")], {})


def test_it_refuses_a_vocabulary_whose_entries_name_an_unknown_category() -> None:
    with pytest.raises(PatternError, match="not a category"):
        parse({"version": "x", "categories": {"a": "A"}, "entries": {"b": ["hit me"]}})


# --- How a message is read --------------------------------------------------------------------------


def lexicon() -> Lexicon:
    from scrutiny.voice.vocabulary import shipped

    return shipped().lexicon


def words_of(text: str) -> list[str]:
    return [token.word for token in read(text, lexicon())]


def test_it_reads_apostrophes_and_curly_quotes_alike() -> None:
    assert words_of("don't") == words_of("dont") == words_of("don\u2019t") == ["do", "not"]


def test_it_keeps_an_apostrophe_the_spellings_table_knows() -> None:
    assert words_of("i got sa'd") == ["i", "got", "sexually", "assaulted"]


def test_it_cuts_letters_repeated_for_emphasis() -> None:
    assert "kill" in words_of("i want to killll myself")


def test_it_reads_leetspeak_inside_words() -> None:
    assert words_of("k1ll myself") == ["kill", "myself"]


def test_it_reads_emoji_that_stand_for_a_risk() -> None:
    assert "knife" in words_of("he has a \N{HOCHO} in his bag")


def test_it_reads_text_speak_from_the_spellings_table() -> None:
    assert words_of("kms") == ["kill", "myself"]


def test_it_reads_misspellings_of_the_vocabularys_words() -> None:
    assert words_of("im sucidal") == ["i", "am", "suicidal"]
    assert words_of("i want to kil myself") == ["i", "want", "to", "kill", "myself"]
    assert flagged("im sucidal")
    assert flagged("i want to kil myslef")


def test_it_prefers_a_slip_to_a_neighbouring_key_when_two_words_are_as_near() -> None:
    assert words_of("self harn") == ["self", "harm"]


def test_it_leaves_real_english_words_as_they_are() -> None:
    assert words_of("pay the bill") == ["pay", "the", "bill"]


def test_it_matches_every_form_of_a_word() -> None:
    assert flagged("he kicks me")
    assert flagged("he kicked me")
    assert flagged("he is kicking me")


def test_it_shows_staff_the_original_words_that_matched() -> None:
    found = match("My Dad HITS me when he's drunk")
    assert any("HITS me" in hit.words for hit in found)


# --- Negation raises a flag but never removes one ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i dont want to be alive anymore",
        "im not going to kill myself",
        "i'm not going to kill myself",
        "i dont self harm any more",
        "i am not suicidal",
        "he doesnt hit me any more",
    ],
)
def test_it_flags_a_risk_however_it_is_negated(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    ["I killed it in my exams", "nearly died laughing", "I feel safe with my carers", "he hit his target"],
)
def test_it_leaves_ordinary_feedback_with_risky_looking_words_alone(text: str) -> None:
    assert not flagged(text)


def test_it_prefers_context_to_a_bare_risky_word() -> None:
    assert not flagged("we learnt about knife crime at school")
    assert flagged("my brother is carrying a knife")
    assert flagged("he has a knife on him")


# --- The tuning set's figures -------------------------------------------------------------------------


def test_it_meets_the_issues_targets_on_the_tuning_set() -> None:
    """Issue 16: at least 95% of risk phrasings flagged; at most 20% of ordinary feedback with
    risky-looking words and at most 5% of everyday feedback flagged."""
    data = yaml.safe_load(TUNING_SET.read_text(encoding="utf-8"))
    risk = [text for items in data["risk"].values() for text in items]
    recall = sum(flagged(t) for t in risk) / len(risk)
    risky_looking = data["ordinary"]["risky_looking"]
    everyday = data["ordinary"]["everyday"]
    assert recall >= 0.95
    assert sum(flagged(t) for t in risky_looking) / len(risky_looking) <= 0.20
    assert sum(flagged(t) for t in everyday) / len(everyday) <= 0.05


def test_it_reads_the_start_and_the_end_of_the_message() -> None:
    assert hits(["^ ran away"], "ran away last night") == ["ran away"]
    assert hits(["^ ran away"], "the dog ran away") == []
    assert hits(["cant go on $"], "i cant go on") == ["cant go on"]
    assert hits(["cant go on $"], "i cant go on the trip") == []


def test_it_skips_a_rule_whose_anchor_is_not_in_the_message() -> None:
    (rule,) = compile_rules([Entry("x", "x", "(stab|shank) ~ (me|him)")], {})
    assert rule.anchors[0] == frozenset({"w:stab", "s:stab", "w:shank", "s:shank"})
    assert hits(["(stab|shank) ~ (me|him)"], "they said they would shank him") == ["shank him"]


@pytest.mark.parametrize("text", ["abused", "im scared", "help!!", "self harm", "ran away"])
def test_it_flags_a_whole_message_of_a_word_or_two(text: str) -> None:
    assert flagged(text)


def test_it_leaves_a_topic_named_in_a_lesson_alone() -> None:
    assert not flagged("we had a talk about self harm and where to get support")
    assert not flagged("the assembly on suicide prevention week was good")
    assert not flagged("we did a project on homelessness")


def test_it_reads_a_contraction_with_will_as_will_not_as_another_word() -> None:
    # "he'll" without its apostrophe is "hell"; the spellings table keeps the apostrophe's meaning.
    assert [t.word for t in read("he'll post the vid", shipped().lexicon)][:2] == ["he", "will"]
    assert flagged("he'll post the vid if i dont do what he says")


@pytest.mark.parametrize(
    "text",
    [
        # Neglect told by its concrete signs, and a young carer doing an adult's job.
        "me and my brothers are home alone most of the time",
        "dad is always off his head and doesnt notice if we are fed",
        "im little and i have to get my sister ready for school because mum is passed out",
        "my baby brother is always in a dirty nappy",
        # A parent's or teacher's indirect words.
        "my daughter has stopped eating and wears long sleeves in summer",
        "i am worried my son is being drawn into something; unexplained cash and two phones",
        "a pupil has disclosed something worrying about home and i do not know where to report it",
        # Teenagers' slang and euphemism.
        "went to beans last night again",
        "i got plugged and had to carry it",
        "my friend got ched up last week",
        # Rejection for being LGBTQ+, and a cover story for marks.
        "they say they will disown me if i come out",
        "i got stitches from cutting but told the nurse it was an accident",
        # A professional's or grandparent's formal words.
        "I am concerned that my grandson is being physically chastised by his stepfather",
        "I believe my neighbours' children are being left unsupervised for long periods",
        "the children appear malnourished and unkempt",
        "my son is being coerced into carrying drugs",
    ],
)
def test_it_hears_a_risk_told_without_naming_it(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "the meeting was boring and too long",
        "i sleep on the sofa when my cousins stay",
        "i want to disappear into a good book",
        "the food bank volunteers were really kind",
        "i got a new phone for my birthday",
        "i feel more confident now and my son likes his school",
        "my son was excluded for inappropriate behaviour and we want a review",
        "the school has disclosed the exam timetable",
        "my photo was shared on the school website",
        "the social worker explained what neglect means and why they were checking on us before",
    ],
)
def test_it_leaves_everyday_words_near_the_new_families_alone(text: str) -> None:
    assert not flagged(text)


def test_it_reads_a_word_with_letters_starred_out_as_the_word_it_hides() -> None:
    lexicon = Lexicon({}, frozenset({"killing", "suicide"}))
    assert [t.word for t in read("thinking of k*lling myself", lexicon)] == ["thinking", "of", "killing", "myself"]
    assert [t.word for t in read("s*icide", lexicon)] == ["suicide"]
    # Stars for emphasis are not letters: the word stays as written.
    assert [t.word for t in read("i *really* liked it", lexicon)] == ["i", "really", "liked", "it"]
    assert flagged("thinking of k*lling myself")


@pytest.mark.parametrize(
    "text",
    [
        # Going missing, told without the word: away from home for days, hiding where they are.
        "havent been back home since tuesday",
        "been kipping at random peoples houses for days and nobody at home has noticed",
        "my phone is switched off so they cant track me",
        "nobody knows where im staying rn",
        "i keep doing a runner from my placement",
        # Teenagers' indirect talk of sexual abuse.
        "mums boyfriend is creepy with me when shes at work",
        "he walks into the bathroom when im in the bath",
        # Online: moving to a private app, a threat to leak, gifts for pictures, a lie about age.
        "the guy wants to move our chat to telegram",
        "he said he will post my pics if i stop replying",
        "a man gave me robux and now wants a pic",
        "he said he was 15 but he sent a pic and hes old",
        # Threats and weapons in slang; criminal exploitation by debt and runs.
        "they said im next after what happened to my cousin",
        "there is money on my head now",
        "my older cousin gave me a bora to hold",
        "olders told me i gotta do a drop after school",
        "i owe them and they said i have to work it off",
        # Emotional abuse: blame, exclusion, being treated as less.
        "she says i ruined her life",
        "i am the reason everything is bad according to mum",
        # Unsafe at home, in teen voice.
        "things at home are proper bad rn i dont wanna go back",
        "its not right at home and i dont know who to tell",
        "please ring me back its not ok here",
        # Suicide and self-harm said sideways.
        "gave my xbox away cos i wont need it",
        "been saving my mums tablets in a sock",
        "scratched my arm until it bled",
    ],
)
def test_it_hears_the_families_new_authors_used(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i got robux for my birthday from nan",
        "i did a run in the park for charity",
        "we did a drop in session at the youth club",
        "i packed my bag for the school trip to london",
        "the film had a dead man in it",
        "nothing i do is ever enough for my football coach lol",
        "i cut my finger making a sandwich",
        "our dog ran away but the neighbours found him",
        "my nan said im getting it for breaking the vase haha",
    ],
)
def test_it_leaves_everyday_words_near_round_threes_families_alone(text: str) -> None:
    assert not flagged(text)


def test_it_does_not_split_a_word_the_vocabulary_knows_whole() -> None:
    lexicon = Lexicon({}, frozenset({"kip", "kipping"}))
    assert [t.word for t in read("kipping", lexicon)] == ["kipping"]


@pytest.mark.parametrize(
    "text",
    [
        "i really cant be at home right now",
        "its bad at home and no one listens",
        "i sleep with a chair against my door",
        "i feel sick every time i hear his car outside",
        "im couch hopping between mates",
        "i call 999 when it gets really loud downstairs",
        "the men buy us vodka and drive us about",
    ],
)
def test_its_second_net_hears_distress_about_home_in_any_words(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my mum cut my hair and it looks fine",
        "i called 999 when my nan fell and they were great",
        "the blades on the lawnmower are sharp so we keep them in the shed",
    ],
)
def test_its_second_net_leaves_home_and_hair_talk_alone(text: str) -> None:
    assert not flagged(text)
