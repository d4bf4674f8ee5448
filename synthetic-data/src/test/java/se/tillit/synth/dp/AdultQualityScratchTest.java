package se.tillit.synth.dp;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.data.EncodedData;

@Tag("slow")
class AdultQualityScratchTest {
  @Test
  void mst() throws Exception {
    EncodedData adult = DpTestData.adult();
    long t0 = System.nanoTime();
    MarginalModel model = MstSynthesizer.create().fit(adult, 1.0, 1e-9,
        Randomness.insecureSeededForTesting(1), null);
    long t1 = System.nanoTime();
    EncodedData synth = model.sample(adult.rowCount(), Randomness.insecureSeededForTesting(2));
    System.out.println("MST fit s=" + (t1 - t0) / 1e9 + " pairTVD="
        + DpTestData.meanPairTvd(adult, synth) + " oneTVD=" + DpTestData.meanOneWayTvd(adult, synth));
  }

  @Test
  void aim() throws Exception {
    EncodedData adult = DpTestData.adult();
    long t0 = System.nanoTime();
    MarginalModel model = AimSynthesizer.create().fit(adult, 1.0, 1e-9,
        Randomness.insecureSeededForTesting(1), f -> System.out.println("progress " + f + " t=" + (System.nanoTime()) / 1e9));
    long t1 = System.nanoTime();
    EncodedData synth = model.sample(adult.rowCount(), Randomness.insecureSeededForTesting(2));
    System.out.println("AIM fit s=" + (t1 - t0) / 1e9 + " pairTVD="
        + DpTestData.meanPairTvd(adult, synth) + " oneTVD=" + DpTestData.meanOneWayTvd(adult, synth)
        + " measured=" + model.measuredCliques().size());
  }
}
