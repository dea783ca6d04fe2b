package io.blastwall.sim;

import io.blastwall.core.estate.Estate;
import io.blastwall.formats.estate.EstateFileReader;

import java.nio.file.Path;
import java.util.List;

/** The bundled example estate, read by the real estate file reader. */
final class Shop {

    private static Estate estate;

    private Shop() {
    }

    static synchronized Estate estate() {
        if (estate == null) {
            Path root = Path.of(System.getProperty("blastwall.root", ".."));
            estate = new EstateFileReader().loadStrict(List.of(root.resolve("examples/estate/shop.yaml")));
        }
        return estate;
    }
}
