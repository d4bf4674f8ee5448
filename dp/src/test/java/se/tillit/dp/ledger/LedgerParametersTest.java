package se.tillit.dp.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parameter objects of the ledger: ids and budgets; no database. */
class LedgerParametersTest {

  @Test
  void datasetId_valid_parsesAndPrints() {
    DatasetId id = DatasetId.parse("tax-agency/income-2024");

    assertThat(id).isEqualTo(DatasetId.of("tax-agency", "income-2024"));
    assertThat(id.owner()).isEqualTo("tax-agency");
    assertThat(id.dataset()).isEqualTo("income-2024");
    assertThat(id.toString()).isEqualTo("tax-agency/income-2024");
    assertThat(DatasetId.of("a.b_c-9", "x")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Tax", "tax agency", "skatt\u00e4", "tax/", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void datasetId_badOwner_throwsNamingRuleAndValue(String owner) {
    assertThatThrownBy(() -> DatasetId.of(owner, "income"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset owner agency must be 1 to 128 characters from a-z, 0-9, '.', '_' and "
            + "'-' (lower case, no spaces). Provided value: '" + owner + "'");
  }

  @Test
  void datasetId_emptyOrNullDataset_throws() {
    assertThatThrownBy(() -> DatasetId.of("tax", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dataset id must be 1 to 128 characters")
        .hasMessageEndingWith("Provided value: ''");
    assertThatThrownBy(() -> DatasetId.of("tax", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("Provided value: null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"income-2024", "a/b/c", "/x"})
  void datasetId_parseWithoutExactlyOneSlashOrEmptyPart_throws(String text) {
    assertThatThrownBy(() -> DatasetId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: '");
  }

  @Test
  void datasetId_compare_ordersByOwnerThenDataset() {
    assertThat(DatasetId.parse("a/z")).isLessThan(DatasetId.parse("b/a"));
    assertThat(DatasetId.parse("a-b/x")).isLessThan(DatasetId.parse("a.b/x"));
  }

  @Test
  void budget_valid_keepsValues() {
    PrivacyBudget b = PrivacyBudget.of(1.0, 1e-5);

    assertThat(b.epsilon()).isEqualTo(1.0);
    assertThat(b.delta()).isEqualTo(1e-5);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
  void budget_badEpsilon_throwsNamingRangeAndValue(double epsilon) {
    assertThatThrownBy(() -> PrivacyBudget.of(epsilon, 1e-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon budget must be > 0 and < infinity. Provided value: " + epsilon);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, 1.5, -1e-9, Double.NaN})
  void budget_deltaOutsideOpenUnitInterval_throwsNamingRangeAndValue(double delta) {
    assertThatThrownBy(() -> PrivacyBudget.of(1.0, delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta budget must be > 0 and < 1. Provided value: " + delta);
  }

  @Test
  void budgetExceeded_message_namesDatasetBudgetSpentAndAfter() {
    BudgetExceededException e =
        new BudgetExceededException(
            DatasetId.parse("tax-agency/income-2024"), PrivacyBudget.of(1.0, 1e-5), 0.83,
            1.2100000000000002, "pld");

    assertThat(e.getMessage())
        .isEqualTo("charge refused: dataset tax-agency/income-2024 has epsilon budget 1; "
            + "spent 0.83; this charge would make it 1.21 (accountant pld, delta 1.0E-5)");
  }

  @Test
  void budgetExceeded_afterJustAboveBudget_stillReadsAboveBudget() {
    BudgetExceededException e =
        new BudgetExceededException(
            DatasetId.parse("a/b"), PrivacyBudget.of(1.0, 1e-5), 0.5, 1.0000000001, "pld");

    assertThat(e.getMessage()).contains("this charge would make it 1.0000000001 ");
    assertThat(
            new BudgetExceededException(
                    DatasetId.parse("a/b"), PrivacyBudget.of(1.0, 1e-5), 0.5,
                    Double.POSITIVE_INFINITY, "pld")
                .getMessage())
        .contains("would make it infinity");
  }

  @Test
  void unknownDataset_message_namesIdAndListCommand() {
    assertThat(new UnknownDatasetException(DatasetId.parse("tax-agency/income-2024")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown dataset tax-agency/income-2024")
        .hasMessageContaining("`tillit privacy ledger list`");
  }
}
