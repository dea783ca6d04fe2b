package io.blastwall.formats.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Terraform/OpenTofu resource instance address taken apart:
 * {@code module.shop_eu_west_1.aws_db_instance.orders} has module address {@code module.shop_eu_west_1},
 * type {@code aws_db_instance} and name {@code orders}; {@code data.aws_ami.base} is a data resource;
 * instance keys ({@code [0]}, {@code ["eu"]}) stay part of the name and of module calls.
 *
 * <p>Immutable value.
 *
 * @param address       the address as written
 * @param moduleAddress the module path, empty at the root module
 * @param type          the resource type
 * @param name          the resource name with its instance key, if any
 * @param data          true for a data resource ({@code data.} prefix)
 */
public record TerraformAddress(String address, String moduleAddress, String type, String name, boolean data) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\[(\\d+|\"([^\"\\\\]|\\\\.)*\")])?");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /** Parses an address, or returns empty when it is not a resource (instance) address. */
    public static Optional<TerraformAddress> parse(String address) {
        if (address == null) return Optional.empty();
        List<String> parts = split(address.trim());
        if (parts == null) return Optional.empty();
        int i = 0;
        StringBuilder module = new StringBuilder();
        while (i + 1 < parts.size() && parts.get(i).equals("module") && parts.size() - i > 3) {
            if (!NAME.matcher(parts.get(i + 1)).matches()) return Optional.empty();
            if (!module.isEmpty()) module.append('.');
            module.append("module.").append(parts.get(i + 1));
            i += 2;
        }
        boolean data = false;
        if (parts.get(i).equals("data") && parts.size() - i == 3) {
            data = true;
            i++;
        }
        if (parts.size() - i != 2) return Optional.empty();
        String type = parts.get(i);
        String name = parts.get(i + 1);
        if (!TYPE.matcher(type).matches() || !NAME.matcher(name).matches()) return Optional.empty();
        return Optional.of(new TerraformAddress(address.trim(), module.toString(), type, name, data));
    }

    /** Splits on dots outside brackets and quotes; null when brackets or quotes do not balance. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        int depth = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (inQuotes) {
                cur.append(c);
                if (c == '\\' && k + 1 < s.length()) cur.append(s.charAt(++k));
                else if (c == '"') inQuotes = false;
                continue;
            }
            switch (c) {
                case '"' -> { inQuotes = true; cur.append(c); }
                case '[' -> { depth++; cur.append(c); }
                case ']' -> { if (--depth < 0) return null; cur.append(c); }
                case '.' -> {
                    if (depth > 0) { cur.append(c); continue; }
                    if (cur.isEmpty()) return null;
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                default -> cur.append(c);
            }
        }
        if (inQuotes || depth != 0 || cur.isEmpty()) return null;
        out.add(cur.toString());
        return out;
    }
}
