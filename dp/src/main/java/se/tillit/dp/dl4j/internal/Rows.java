package se.tillit.dp.dl4j.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/** Row (example) selection on ND4J arrays and data sets, for any rank >= 2. Internal. */
public final class Rows {
  private Rows() {}

  /** A copy of the rows {@code indices} (dimension 0) of {@code array}, in that order; null stays null. */
  public static INDArray select(INDArray array, int[] indices) {
    if (array == null) {
      return null;
    }
    if (array.rank() == 2) {
      return array.getRows(indices);
    }
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    long[] asLong = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      asLong[i] = indices[i];
    }
    index[0] = new SpecifiedIndex(asLong);
    for (int d = 1; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    return array.get(index).dup();
  }

  /** Rows {@code [from, to)} of {@code array} as a view; null stays null. */
  public static INDArray range(INDArray array, int from, int to) {
    if (array == null) {
      return null;
    }
    INDArrayIndex[] index = new INDArrayIndex[array.rank()];
    index[0] = NDArrayIndex.interval(from, to);
    for (int d = 1; d < index.length; d++) {
      index[d] = NDArrayIndex.all();
    }
    return array.get(index);
  }

  /** The examples {@code indices} of {@code data}, features, labels and both masks. */
  public static DataSet select(DataSet data, int[] indices) {
    return new DataSet(
        select(data.getFeatures(), indices),
        select(data.getLabels(), indices),
        select(data.getFeaturesMaskArray(), indices),
        select(data.getLabelsMaskArray(), indices));
  }
}
