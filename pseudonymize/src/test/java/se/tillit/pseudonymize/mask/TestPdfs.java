package se.tillit.pseudonymize.mask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** TEST HELPER ONLY: makes small PDFs with PDFBox. */
public final class TestPdfs {
  private TestPdfs() {}

  /** One page per element of {@code pages}; each page's lines are drawn top to bottom. */
  public static byte[] pdf(List<List<String>> pages) throws IOException {
    return pdf(pages, null, null, true);
  }

  /**
   * @param userPassword null for none
   * @param ownerPassword null for no encryption
   */
  public static byte[] pdf(
      List<List<String>> pages, String userPassword, String ownerPassword, boolean allowExtract)
      throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<String> lines : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.newLineAtOffset(72, 720);
          for (String line : lines) {
            cs.showText(line);
            cs.newLineAtOffset(0, -16);
          }
          cs.endText();
        }
      }
      if (ownerPassword != null) {
        AccessPermission ap = new AccessPermission();
        ap.setCanExtractContent(allowExtract);
        StandardProtectionPolicy p =
            new StandardProtectionPolicy(ownerPassword, userPassword == null ? "" : userPassword, ap);
        p.setEncryptionKeyLength(128);
        doc.protect(p);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
