package se.tillit.fl.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.fl.protocol.tls.internal.Pem;

class RevocationsTest {
  @TempDir Path tmp;

  private void replace(Path file, String content) throws Exception {
    Path t = tmp.resolve("t");
    Files.writeString(t, content);
    Files.move(t, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void load_missingFile_refusedNamingFile() {
    assertThatThrownBy(() -> Revocations.load(tmp.resolve("revoked.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revoked.txt").hasMessageContaining("does not exist");
  }

  @Test
  void load_malformedLine_refusedNamingLineNumber() throws Exception {
    Path f = tmp.resolve("revoked.txt");
    Files.writeString(f, "# header\n1f a\nnot-hex b\n");
    assertThatThrownBy(() -> Revocations.load(f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
  }

  @Test
  void test_followsFileChangesAndKeepsLastGoodListWhenBroken() throws Exception {
    Provisioner p = Provisioner.newProject(tmp.resolve("kits")).name("r")
        .coordinator(HostAndPort.parse("localhost:1")).agencies(List.of("a", "b")).create();
    X509Certificate a = Pem.certificates(Pem.readFile(p.kit("a").orElseThrow().certFile(), "t"),
        p.kit("a").orElseThrow().certFile(), "t").get(0);
    Path f = tmp.resolve("revoked.txt");
    Files.writeString(f, "# nothing yet\n");
    Revocations r = Revocations.load(f);
    assertThat(r.test(a)).isFalse();

    replace(f, a.getSerialNumber().toString(16) + " someone-else\n");
    assertThat(r.test(a)).as("revoked by serial").isTrue();

    replace(f, "ff a  # by id\n");
    assertThat(r.test(a)).as("revoked by CN").isTrue();
    assertThat(r.isRevoked("a")).isTrue();

    replace(f, "garbage\n");
    assertThat(r.test(a)).as("a broken file never un-revokes").isTrue();
    Files.delete(f);
    assertThat(r.test(a)).isTrue();
  }

  @Test
  void none_revokesNothing() {
    assertThat(Revocations.none().revokedIds()).isEmpty();
  }
}
