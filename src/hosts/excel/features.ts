import type { HostFeatures } from '../../core/port';

/** `Office.context.requirements.isSetSupported`, passed in by the entry file. */
export type IsSetSupported = (name: string, version: string) => boolean;

/** The ExcelApi version each feature needs (toolchain notes: Excel versions and requirement sets). */
export const FEATURE_REQUIREMENTS: Readonly<Record<keyof HostFeatures, string>> = {
  conditionalFormats: '1.6',
  changeEvents: '1.7',
  dataValidation: '1.8',
  printSetup: '1.9',
};

/** What the adapter itself uses beyond ExcelApi 1.1, checked the same way. */
export interface ExcelCapabilities {
  readonly features: HostFeatures;
  /** Defined names (`names.add`) and `*OrNullObject` reads: ExcelApi 1.4. */
  readonly namesAndNullObjects: boolean;
  /** `application.suspendApiCalculationUntilNextSync`: ExcelApi 1.6. */
  readonly suspendCalculation: boolean;
}

export function capabilitiesOf(isSetSupported: IsSetSupported): ExcelCapabilities {
  const has = (version: string): boolean => {
    try {
      return isSetSupported('ExcelApi', version);
    } catch {
      // A host that cannot answer has none of the newer sets: degrade, never fail.
      return false;
    }
  };
  const features: HostFeatures = {
    conditionalFormats: has(FEATURE_REQUIREMENTS.conditionalFormats),
    changeEvents: has(FEATURE_REQUIREMENTS.changeEvents),
    dataValidation: has(FEATURE_REQUIREMENTS.dataValidation),
    printSetup: has(FEATURE_REQUIREMENTS.printSetup),
  };
  return { features, namesAndNullObjects: has('1.4'), suspendCalculation: has('1.6') };
}
