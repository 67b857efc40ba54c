/**
 * The report model: every evaluated rule on every resource of every guarded stack of an app, with the
 * views `npm run check` and main.ts need (findings, warnings, suppressions, counts by rule and stack, JSON).
 */
import { IConstruct } from "constructs";
import { ALL_RULES } from "./catalog";
import { evaluateGuarded, guardedStacks } from "./guardrail-registry";
import { PolicyResult } from "./types";

/** pass / fail / warn / suppressed counts. */
export interface StatusCounts {
  readonly pass: number;
  readonly fail: number;
  /** Failures of rules rolling out as warnings: reported, not failing synth. */
  readonly warn: number;
  readonly suppressed: number;
}

/** The counts of one rule in one stack. */
export interface RuleStackCounts extends StatusCounts {
  readonly ruleId: string;
  readonly stack: string;
}

/** The machine-readable report (`npm run check -- --json`). */
export interface PolicyReportJson {
  /** Format version; bumped on incompatible changes. */
  readonly version: 1;
  /** Totals over every stack. */
  readonly summary: StatusCounts & { readonly stacks: number; readonly rules: number };
  /** The stacks evaluated, in order. */
  readonly stacks: readonly string[];
  /** Counts by rule and stack (only pairs with results). */
  readonly matrix: readonly RuleStackCounts[];
  /** Unsuppressed failures. */
  readonly findings: readonly PolicyResult[];
  /** Unsuppressed failures of rules rolling out as warnings (they do not fail synth). */
  readonly warnings: readonly PolicyResult[];
  /** Suppressed failures, with their reasons. */
  readonly suppressions: readonly PolicyResult[];
  /** Every result, passes included. */
  readonly results: readonly PolicyResult[];
}

/** The results of the guardrails over an app. */
export class PolicyReport {
  /**
   * The report of an app after `app.synth()` (or `Testing.synth(stack)` of each guarded stack): evaluates
   * any stack whose results are not current. Synthesize with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS=true
   * (as the cdktf CLI and main.ts do) so that cdktf does not stop at the first stack with findings.
   * Throws if a guarded stack has not been synthesized.
   */
  public static of(app: IConstruct): PolicyReport {
    const states = guardedStacks(app);
    const unreached = states.filter((s) => !s.visited);
    if (unreached.length > 0) {
      const paths = unreached.map((s) => s.stack.node.path).join(", ");
      throw new Error(`PolicyReport.of: stack ${paths} has not been synthesized; call app.synth() (or Testing.synth(stack)) first`);
    }
    return new PolicyReport(
      states.flatMap((s) => evaluateGuarded(s)),
      states.map((s) => s.stack.node.id),
    );
  }

  /**
   * @param results every result, in stack order
   * @param stacks the stacks evaluated @default - the stacks named in the results
   */
  constructor(
    public readonly results: readonly PolicyResult[],
    stacks?: readonly string[],
  ) {
    this.stacks = stacks ?? [...new Set(results.map((r) => r.stack))];
  }

  /** The stacks evaluated, in order. */
  public readonly stacks: readonly string[];

  /** Unsuppressed failures: each one fails synth. */
  public findings(): PolicyResult[] {
    return this.results.filter((r) => r.status === "fail");
  }

  /** Unsuppressed failures of rules rolling out as warnings: listed, not failing synth. */
  public warnings(): PolicyResult[] {
    return this.results.filter((r) => r.status === "warn");
  }

  /** Suppressed failures, with their reasons. */
  public suppressions(): PolicyResult[] {
    return this.results.filter((r) => r.status === "suppressed");
  }

  /** Totals over every stack. */
  public counts(): StatusCounts {
    return countStatuses(this.results);
  }

  /** Counts by rule and stack, rules in catalogue order (rules of another catalogue after them), only pairs with results. */
  public matrix(): RuleStackCounts[] {
    const order = new Map(ALL_RULES.map((r, i) => [r.id, i]));
    const rank = (ruleId: string) => order.get(ruleId) ?? ALL_RULES.length;
    const groups = new Map<string, PolicyResult[]>();
    for (const r of this.results) {
      const key = `${r.ruleId}\u0000${r.stack}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()]
      .map((rs) => ({ ruleId: rs[0].ruleId, stack: rs[0].stack, ...countStatuses(rs) }))
      .sort((a, b) => rank(a.ruleId) - rank(b.ruleId) || this.stacks.indexOf(a.stack) - this.stacks.indexOf(b.stack));
  }

  /** The machine-readable report. */
  public toJSON(): PolicyReportJson {
    return {
      version: 1,
      summary: { ...this.counts(), stacks: this.stacks.length, rules: new Set(this.results.map((r) => r.ruleId)).size },
      stacks: this.stacks,
      matrix: this.matrix(),
      findings: this.findings(),
      warnings: this.warnings(),
      suppressions: this.suppressions(),
      results: this.results,
    };
  }
}

function countStatuses(results: readonly PolicyResult[]): StatusCounts {
  const count = (status: PolicyResult["status"]) => results.filter((r) => r.status === status).length;
  return { pass: count("pass"), fail: count("fail"), warn: count("warn"), suppressed: count("suppressed") };
}
