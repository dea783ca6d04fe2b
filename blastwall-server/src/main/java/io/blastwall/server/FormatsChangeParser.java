package io.blastwall.server;

import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;
import io.blastwall.core.change.Change;
import io.blastwall.core.controlplane.ChangeParser;
import io.blastwall.core.controlplane.SubmittedDocument;
import io.blastwall.formats.ChangeReaders;

import java.util.List;
import java.util.Optional;

/** The control plane's {@link ChangeParser}: {@link ChangeReaders#parse} over in-memory documents. Thread-safe. */
public final class FormatsChangeParser implements ChangeParser {

    @Override
    public Change parse(List<SubmittedDocument> documents, String format) {
        Optional<ChangeReaders.Format> f = Optional.empty();
        if (format != null && !format.isBlank() && !format.equalsIgnoreCase("auto")) {
            f = ChangeReaders.formatNamed(format);
            if (f.isEmpty()) {
                throw new BadInputException(SourceLocation.of("request", 0, "$.format"), "unknown format '" + format
                        + "'; expected auto, terraform-plan, kubernetes or blastwall-change");
            }
        }
        return ChangeReaders.parse(documents.stream().map(d -> new ChangeReaders.Text(d.name(), d.content())).toList(), f);
    }
}
