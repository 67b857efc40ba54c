/** One statement of an IAM policy document as it appears in the synthesized JSON (parsed from the policy string). */
export interface JsonStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}
