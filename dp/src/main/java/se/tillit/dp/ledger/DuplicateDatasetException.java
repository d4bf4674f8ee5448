package se.tillit.dp.ledger;

/** A dataset with this id is already in the ledger; a dataset's budget is set once. */
public final class DuplicateDatasetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final DatasetId datasetId;

  public DuplicateDatasetException(DatasetId datasetId) {
    super(
        "dataset " + datasetId + " already exists in the privacy budget ledger; its budget is set "
            + "once and cannot be replaced (see it with `tillit privacy ledger status " + datasetId
            + "`)");
    this.datasetId = datasetId;
  }

  public DatasetId datasetId() {
    return datasetId;
  }
}
