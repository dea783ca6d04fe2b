package io.blastwall.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.blastwall.core.BadInputException;
import io.blastwall.core.SourceLocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of policies whose CEL expressions have been compiled and type-checked once, ready to be evaluated against
 * the facts of any number of changes.
 *
 * <p>{@link #compile(List)} refuses the whole set with one {@link BadInputException} listing every broken policy
 * (syntax or type errors, expressions of the wrong type, duplicate ids), each naming the policy's file and the line
 * of the expression. {@link #evaluate(PolicyInput)} returns the findings of the policies whose condition holds; a
 * policy that cannot be evaluated throws {@link PolicyEvaluationException}, and the caller fails closed.
 *
 * <p>Immutable and thread-safe after compilation: evaluations share nothing but the compiled programs.
 */
public final class PolicySet {

    private static final Pattern EVAL_ERROR = Pattern.compile("^evaluation error(?: at [^:]*:(\\d+))?: (.*)$", Pattern.DOTALL);

    /** A compiled expression with the source it came from, to turn runtime offsets into file lines. */
    private record Compiled(String field, CelRuntime.Program program, CelAbstractSyntaxTree ast, SourceLocation base) {
    }

    private record CompiledPolicy(PolicySpec spec, Compiled match, Compiled condition, Compiled message,
                                  Map<String, Object> params) {
    }

    private final List<CompiledPolicy> policies;

    private PolicySet(List<CompiledPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** A set with no policies: every evaluation returns no findings. */
    public static PolicySet empty() {
        return new PolicySet(List.of());
    }

    /**
     * Compiles and type-checks every expression of every policy.
     *
     * @throws BadInputException listing every problem found, each at the file and line of the expression
     */
    public static PolicySet compile(List<PolicySpec> specs) {
        List<BadInputException.Problem> problems = new ArrayList<>();
        Map<String, PolicySpec> byId = new HashMap<>();
        List<CompiledPolicy> out = new ArrayList<>();
        for (PolicySpec spec : specs) {
            PolicySpec first = byId.putIfAbsent(spec.id(), spec);
            if (first != null) {
                problems.add(new BadInputException.Problem(spec.where(),
                        "duplicate policy id '" + spec.id() + "'; it is also defined at " + first.where()));
                continue;
            }
            int before = problems.size();
            Compiled match = spec.match().isBlank() ? null
                    : compileExpression(spec, PolicySpec.MATCH, spec.match(), CelKind.BOOL, "a boolean", problems);
            Compiled condition = spec.condition().isBlank()
                    ? missing(spec, problems)
                    : compileExpression(spec, PolicySpec.CONDITION, spec.condition(), CelKind.BOOL, "a boolean", problems);
            Compiled message = spec.messageExpression().isBlank() ? null
                    : compileExpression(spec, PolicySpec.MESSAGE_EXPRESSION, spec.messageExpression(), CelKind.STRING, "a string", problems);
            if (problems.size() == before) {
                out.add(new CompiledPolicy(spec, match, condition, message, Values.forCel(spec.params(), "params")));
            }
        }
        if (!problems.isEmpty()) throw new BadInputException(problems);
        return new PolicySet(out);
    }

    private static Compiled missing(PolicySpec spec, List<BadInputException.Problem> problems) {
        problems.add(new BadInputException.Problem(spec.where(), "policy '" + spec.id() + "' has an empty condition"));
        return null;
    }

    private static Compiled compileExpression(PolicySpec spec, String field, String text, CelKind expected,
                                              String expectedName, List<BadInputException.Problem> problems) {
        SourceLocation base = spec.locationOf(field);
        String what = "policy '" + spec.id() + "': " + field;
        CelValidationResult result = CelEnvironment.compilerFor(spec.scope()).compile(text, "");
        if (result.hasError()) {
            boolean multiLine = text.strip().contains("\n");
            for (CelIssue issue : result.getErrors()) {
                CelSourceLocation l = issue.getSourceLocation();
                String at = l.getLine() <= 0 ? ""
                        : multiLine ? " (expression line " + l.getLine() + ", column " + (l.getColumn() + 1) + ")"
                        : " (column " + (l.getColumn() + 1) + ")";
                problems.add(new BadInputException.Problem(lineOf(base, l.getLine()),
                        what + " does not compile: " + issue.getMessage() + at));
            }
            return null;
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            problems.add(new BadInputException.Problem(base, what + " does not compile: " + e.getMessage()));
            return null;
        }
        CelType type = ast.getResultType();
        if (type.kind() != expected && type.kind() != CelKind.DYN) {
            problems.add(new BadInputException.Problem(base, what + " must return " + expectedName + ", returns " + type.name()));
            return null;
        }
        try {
            return new Compiled(field, CelEnvironment.RUNTIME.createProgram(ast), ast, base);
        } catch (CelEvaluationException e) {
            problems.add(new BadInputException.Problem(base, what + " cannot be prepared for evaluation: " + e.getMessage()));
            return null;
        }
    }

    /** The file line of an expression's line {@code exprLine} (1-based), given where its first line is. */
    private static SourceLocation lineOf(SourceLocation base, int exprLine) {
        if (base.line() <= 0 || exprLine <= 1) return base;
        return new SourceLocation(base.file(), base.line() + exprLine - 1, 0, base.path());
    }

    /** The policies in this set, in the order they were given. */
    public List<PolicySpec> specs() {
        return policies.stream().map(CompiledPolicy::spec).toList();
    }

    public int size() {
        return policies.size();
    }

    /**
     * Evaluates every policy: change-scoped ones once, action-scoped ones once per action. Findings come in policy
     * order, and within an action-scoped policy in action order.
     *
     * @throws PolicyEvaluationException when an expression fails at runtime or returns a value of the wrong type
     * @throws IllegalArgumentException  when the facts hold a value of a type outside the contract
     */
    public List<Finding> evaluate(PolicyInput input) {
        List<Object> actions = Values.listForCel(input.actions(), CelEnvironment.ACTIONS);
        Facts facts = new Facts(Values.forCel(input.change(), CelEnvironment.CHANGE),
                Values.forCel(input.author(), CelEnvironment.AUTHOR), Values.forCel(input.blast(), CelEnvironment.BLAST),
                Values.forCel(input.estate(), CelEnvironment.ESTATE), actions, input.now());
        List<Finding> findings = new ArrayList<>();
        for (CompiledPolicy p : policies) {
            switch (p.spec().scope()) {
                case CHANGE -> evaluateOne(p, new Variables(facts, p.params(), null), "", findings);
                case ACTION -> {
                    for (Object a : actions) {
                        @SuppressWarnings("unchecked") Map<String, Object> action = (Map<String, Object>) a;
                        evaluateOne(p, new Variables(facts, p.params(), action), address(action), findings);
                    }
                }
            }
        }
        return List.copyOf(findings);
    }

    /** The facts shared by every policy of one evaluation, already converted to CEL values. */
    private record Facts(Map<String, Object> change, Map<String, Object> author, Map<String, Object> blast,
                         Map<String, Object> estate, List<Object> actions, Instant now) {
    }

    /**
     * The variables one expression sees: the shared facts, the policy's params and, for action-scoped policies, the
     * action. Resolved by name on demand, so no map of variables is built or copied per expression (CEL copies a map
     * it is given into an activation on every evaluation).
     */
    private record Variables(Facts facts, Map<String, Object> params, Map<String, Object> action) implements CelVariableResolver {
        @Override
        public Optional<Object> find(String name) {
            Object v = switch (name) {
                case CelEnvironment.CHANGE -> facts.change();
                case CelEnvironment.AUTHOR -> facts.author();
                case CelEnvironment.BLAST -> facts.blast();
                case CelEnvironment.ESTATE -> facts.estate();
                case CelEnvironment.ACTIONS -> facts.actions();
                case CelEnvironment.NOW -> facts.now();
                case CelEnvironment.PARAMS -> params;
                case CelEnvironment.ACTION -> action;
                default -> null;
            };
            return Optional.ofNullable(v);
        }
    }

    /** Convenience for callers that have no clock of their own to inject. */
    public List<Finding> evaluate(Map<String, Object> change, Map<String, Object> author, Map<String, Object> blast,
                                  Map<String, Object> estate, List<Map<String, Object>> actions, Instant now) {
        return evaluate(new PolicyInput(change, author, blast, estate, actions, now));
    }

    private static String address(Map<String, Object> action) {
        return action.get("address") instanceof String s ? s : "";
    }

    private static void evaluateOne(CompiledPolicy p, Variables vars, String address, List<Finding> out) {
        if (p.match() != null && !bool(p, p.match(), vars, address)) return;
        if (!bool(p, p.condition(), vars, address)) return;
        String message;
        if (p.message() != null) {
            Object m = run(p, p.message(), vars, address);
            if (!(m instanceof String s)) {
                throw new PolicyEvaluationException(p.spec().id(), p.message().base(), address,
                        "messageExpression must return a string, returned " + celTypeName(m), null);
            }
            message = s;
        } else {
            message = !p.spec().message().isEmpty() ? p.spec().message()
                    : !p.spec().description().isEmpty() ? p.spec().description() : p.spec().id();
        }
        out.add(new Finding(p.spec().id(), p.spec().effect(), message, address, p.spec().where()));
    }

    private static boolean bool(CompiledPolicy p, Compiled c, Variables vars, String address) {
        Object v = run(p, c, vars, address);
        if (v instanceof Boolean b) return b;
        throw new PolicyEvaluationException(p.spec().id(), c.base(), address,
                c.field() + " must return a boolean, returned " + celTypeName(v), null);
    }

    private static Object run(CompiledPolicy p, Compiled c, Variables vars, String address) {
        try {
            return c.program().eval(vars);
        } catch (CelEvaluationException e) {
            String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            SourceLocation at = c.base();
            Matcher m = EVAL_ERROR.matcher(text);
            if (m.matches()) {
                text = m.group(2);
                if (m.group(1) != null) {
                    int line = c.ast().getSource().getOffsetLocation(Integer.parseInt(m.group(1)))
                            .map(CelSourceLocation::getLine).orElse(1);
                    at = lineOf(c.base(), line);
                }
            }
            throw new PolicyEvaluationException(p.spec().id(), at, address, c.field() + " failed: " + text, e);
        } catch (RuntimeException e) {
            // Anything else thrown inside CEL is still a policy that could not be evaluated: fail closed, with the place.
            throw new PolicyEvaluationException(p.spec().id(), c.base(), address,
                    c.field() + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** The CEL name of a runtime value's type, for messages. */
    static String celTypeName(Object v) {
        return switch (v) {
            case null -> "null";
            case dev.cel.common.values.NullValue n -> "null";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "double";
            case String s -> "string";
            case List<?> l -> "list";
            case Map<?, ?> m -> "map";
            case Instant t -> "timestamp";
            case java.time.Duration d -> "duration";
            default -> v.getClass().getSimpleName().startsWith("CelUnknownSet")
                    ? "unknown (a fact it reads is missing or null)" : v.getClass().getSimpleName();
        };
    }

    @Override
    public String toString() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (CompiledPolicy p : policies) ids.put(p.spec().id(), p.spec().effect().externalName());
        return "PolicySet" + ids;
    }
}
