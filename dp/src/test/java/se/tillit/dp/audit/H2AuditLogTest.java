package se.tillit.dp.audit;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The audit log contract on embedded H2 in a file. */
class H2AuditLogTest extends AuditLogContractTest {
  @TempDir Path dir;

  @Override
  protected TestDatabase newDatabase() {
    return TestDatabase.h2(dir);
  }
}
