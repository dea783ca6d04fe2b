package io.blastwall.core.controlplane;

import io.blastwall.core.BadInputException;
import io.blastwall.core.change.Change;

import java.util.List;

/**
 * Port: reads submitted documents into a {@link Change} (the formats module implements it). Pure: the same documents
 * give the same change and content hash on every replica.
 */
@FunctionalInterface
public interface ChangeParser {

    /**
     * @param documents the documents as submitted
     * @param format    {@code auto} to detect, or the format the client insists on
     * @throws BadInputException naming document, line and JSON path for anything that cannot be read
     */
    Change parse(List<SubmittedDocument> documents, String format);
}
