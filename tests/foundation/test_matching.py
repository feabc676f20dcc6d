from claims import matching


def test_same_statement_in_other_words_with_the_same_numbers_matches():
    a = "Japan will raise defense spending from 2% of GDP to 3%."
    b = "Japan is set to increase its defence spending from 2 per cent to 3 per cent of gross domestic product."
    assert matching.compare(a, b).is_match


def test_same_words_with_different_numbers_do_not_match():
    a = "The city hired 300 new officers last year."
    b = "The city hired 200 new officers last year."
    score = matching.compare(a, b)
    assert score.similarity > 0.7 and not score.is_match and score.numbers_agree is False


def test_unrelated_statements_do_not_match():
    assert not matching.compare("The harvest fell by a fifth.", "The minister resigned on Tuesday.").is_match


def test_numbers_are_read_as_values():
    assert matching.numbers_in("$4 million and 4,000,000") == frozenset({4_000_000.0})


def test_similar_claims_share_band_keys_and_unrelated_ones_rarely_do():
    a = matching.band_keys(matching.tokens_of("The Pentagon will add 5,000 troops to the unit in Japan"))
    b = matching.band_keys(matching.tokens_of("the Pentagon will add 5,000 troops to its unit in Japan"))
    c = matching.band_keys(matching.tokens_of("Wheat prices rose sharply after the drought in Kansas"))
    assert len(a) == matching.NUM_BANDS
    assert set(a) & set(b)
    assert not set(a) & set(c)


def test_fingerprint_ignores_case_punctuation_and_stopwords():
    assert matching.fingerprint("The troops, said he.") == matching.fingerprint("troops")
