package io.blastwall.formats.estate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The estate source formats Blastwall reads, and their detection from a file's first document:
 * {@code apiVersion: blastwall.io/v1} with {@code kind: Estate} is the project's own format,
 * an {@code apiVersion} of {@code backstage.io/v1alpha1} or {@code backstage.io/v1beta1} is a Backstage catalog.
 */
public enum EstateFormat {
    /** The project's own estate file ({@link EstateFileReader}). */
    BLASTWALL,
    /** A Backstage catalog ({@code catalog-info.yaml} style, multi-document YAML). */
    BACKSTAGE;

    /**
     * Detects the format by streaming only the top-level {@code apiVersion} and {@code kind} of the first
     * non-empty document (other values are skipped unread, so this is cheap even for large files).
     *
     * @throws BadInputException when the file is missing, malformed, or of neither format
     */
    public static EstateFormat detect(Path file) {
        String name = file.toString();
        String apiVersion = null;
        String kind = null;
        try (JsonParser p = EstateFileReader.open(file)) {
            JsonToken t = p.nextToken();
            while (t == JsonToken.VALUE_NULL) t = p.nextToken(); // empty YAML documents before the first one
            if (t == null) throw new BadInputException(SourceLocation.of(name), "file is empty; expected an estate file or a Backstage catalog");
            if (t == JsonToken.START_OBJECT) {
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME && (apiVersion == null || kind == null)) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING && field.equals("apiVersion")) apiVersion = p.getText();
                    else if (v == JsonToken.VALUE_STRING && field.equals("kind")) kind = p.getText();
                    else p.skipChildren();
                }
            }
        } catch (StreamReadException e) {
            throw EstateFileReader.syntaxError(name, e);
        } catch (IOException e) {
            throw new BadInputException(SourceLocation.of(name), "cannot be read: " + e.getMessage());
        }
        if (EstateFileReader.API_VERSION.equals(apiVersion) && EstateFileReader.KIND.equals(kind)) return BLASTWALL;
        if ("backstage.io/v1alpha1".equals(apiVersion) || "backstage.io/v1beta1".equals(apiVersion)) return BACKSTAGE;
        throw new BadInputException(SourceLocation.of(name, 1, "$"),
                "not an estate source: expected a first document with 'apiVersion: " + EstateFileReader.API_VERSION
                        + "' and 'kind: " + EstateFileReader.KIND + "' (Blastwall estate) or 'apiVersion: backstage.io/v1alpha1'"
                        + " or 'backstage.io/v1beta1' (Backstage catalog)");
    }
}
