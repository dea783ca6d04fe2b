package io.blastwall.core.policy;

import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment every policy is compiled in: the variables of the facts contract, the standard macros
 * ({@code has}, {@code all}, {@code exists}, {@code map}, {@code filter}), and the strings ({@code join},
 * {@code split}, {@code lowerAscii} …), lists and bindings ({@code cel.bind}) extensions. One compiler per scope, so a
 * change-scoped policy that mentions {@code action} is refused at compile time. Built once; CEL compilers and runtimes
 * are immutable and thread-safe.
 */
final class CelEnvironment {

    static final String CHANGE = "change";
    static final String AUTHOR = "author";
    static final String BLAST = "blast";
    static final String ESTATE = "estate";
    static final String ACTION = "action";
    static final String ACTIONS = "actions";
    static final String PARAMS = "params";
    static final String NOW = "now";

    static final CelOptions OPTIONS = CelOptions.current()
            // Facts mix ints and doubles (a share of 0 may arrive as an int); 1 < 1.5 must just work.
            .enableHeterogeneousNumericComparisons(true)
            // A bound on each comprehension, so a careless nested loop cannot hang the gate.
            .comprehensionMaxIterations(1_000_000)
            .build();

    private static final CelType FACTS = MapType.create(SimpleType.STRING, SimpleType.DYN);

    static final CelCompiler CHANGE_COMPILER = compiler(false);
    static final CelCompiler ACTION_COMPILER = compiler(true);

    static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(), CelExtensions.lists())
            .build();

    private CelEnvironment() {
    }

    static CelCompiler compilerFor(PolicyScope scope) {
        return switch (scope) {
            case CHANGE -> CHANGE_COMPILER;
            case ACTION -> ACTION_COMPILER;
        };
    }

    private static CelCompiler compiler(boolean withAction) {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.bindings())
                .addVar(CHANGE, FACTS)
                .addVar(AUTHOR, FACTS)
                .addVar(BLAST, FACTS)
                .addVar(ESTATE, FACTS)
                .addVar(ACTIONS, ListType.create(FACTS))
                .addVar(PARAMS, FACTS)
                .addVar(NOW, SimpleType.TIMESTAMP);
        if (withAction) b.addVar(ACTION, FACTS);
        return b.build();
    }
}
