/**
 * Versions stamped on what the add-in produces (the 审核单, the exported report), so that a reviewer
 * knows which build and which rules checked a report.
 */

/** The add-in's version: always package.json's `version` (a test holds them together). */
export const APP_VERSION = '0.1.0';

/**
 * The version of the checking rules (`spec/rules.md` as implemented in `src/core/rules/`): the official
 * format's year, then a counter. Bump the counter whenever a rule is added, removed, or changes what it
 * finds or its severity, so that two 审核单 with the same rule-set version were checked alike; a new
 * official format starts a new year (`2021.1` → `2021.2` for a rule change, `20xx.1` for a new format).
 */
export const RULESET_VERSION = '2021.1';

/** The versions a 审核单 records. */
export interface Versions {
  /** The add-in (and command line) version. */
  readonly app: string;
  /** The rule set's version. */
  readonly rules: string;
}

export const VERSIONS: Versions = { app: APP_VERSION, rules: RULESET_VERSION };
