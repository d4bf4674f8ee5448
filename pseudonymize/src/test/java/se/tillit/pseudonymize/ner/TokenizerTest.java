package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static List<String> texts(List<Tokenizer.Token> tokens) {
    return tokens.stream().map(Tokenizer.Token::text).collect(Collectors.toList());
  }

  @Test
  void tokenize_swedishSentence_givesTokensWithOffsets() {
    String text = "Anna Öberg (S) bor i Göteborg, sa EU-kommissionen.";
    List<Tokenizer.Token> tokens = Tokenizer.tokenize(text);
    assertThat(texts(tokens))
        .containsExactly("Anna", "Öberg", "(", "S", ")", "bor", "i", "Göteborg", ",", "sa",
            "EU-kommissionen", ".");
    for (Tokenizer.Token t : tokens) {
      assertThat(text.substring(t.start(), t.end())).isEqualTo(t.text());
    }
    assertThat(tokens.get(1).start()).isEqualTo(5);
    assertThat(tokens.get(1).end()).isEqualTo(10);
  }

  @Test
  void tokenize_genitiveColonNumbersAndTrailingHyphen_keptInOneToken() {
    String text = "SVT:s sändning kl 22.30 kostade 3,5 mnkr enligt Mark- och miljödomstolen";
    assertThat(texts(Tokenizer.tokenize(text)))
        .containsExactly("SVT:s", "sändning", "kl", "22.30", "kostade", "3,5", "mnkr", "enligt",
            "Mark-", "och", "miljödomstolen");
  }

  @Test
  void tokenize_colonBeforeLongWord_isOwnToken() {
    assertThat(texts(Tokenizer.tokenize("Rubrik:Stockholm"))).containsExactly("Rubrik", ":",
        "Stockholm");
  }

  @Test
  void tokenize_surrogatePairsAndSoftHyphen_offsetsStayCorrect() {
    String text = "Hej 😀 Kal\u00ADle!";
    List<Tokenizer.Token> tokens = Tokenizer.tokenize(text);
    assertThat(texts(tokens)).containsExactly("Hej", "😀", "Kal\u00ADle", "!");
    for (Tokenizer.Token t : tokens) {
      assertThat(text.substring(t.start(), t.end())).isEqualTo(t.text());
    }
  }

  @Test
  void sentences_periodBeforeCapitalAndBlankLine_splits() {
    String text = "Jag heter Eva. Hon bor i Malmö t.ex. i dag\n\nRubrik utan punkt\nmer text";
    List<List<Tokenizer.Token>> s = Tokenizer.sentences(text);
    assertThat(s).hasSize(3);
    assertThat(texts(s.get(0))).containsExactly("Jag", "heter", "Eva", ".");
    assertThat(texts(s.get(1)))
        .containsExactly("Hon", "bor", "i", "Malmö", "t", ".", "ex", ".", "i", "dag");
    assertThat(texts(s.get(2))).containsExactly("Rubrik", "utan", "punkt", "mer", "text");
  }

  @Test
  void sentences_emptyOrBlank_givesNoSentence() {
    assertThat(Tokenizer.sentences("")).isEmpty();
    assertThat(Tokenizer.sentences(" \n\t ")).isEmpty();
  }

  @Test
  void sentences_null_throws() {
    assertThatThrownBy(() -> Tokenizer.sentences(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenToString_hidesText() {
    assertThat(Tokenizer.tokenize("Greta").get(0).toString()).doesNotContain("Greta");
  }
}
