package se.tillit.dp.ledger;

/** No dataset with this id is in the ledger. */
public final class UnknownDatasetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final DatasetId datasetId;

  public UnknownDatasetException(DatasetId datasetId) {
    super(
        "unknown dataset " + datasetId + ": it is not in the privacy budget ledger. "
            + "See the known datasets with `tillit privacy ledger list`, or register it with "
            + "`tillit privacy ledger create`");
    this.datasetId = datasetId;
  }

  public DatasetId datasetId() {
    return datasetId;
  }
}
