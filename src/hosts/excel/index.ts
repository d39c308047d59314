export { createExcelHost, type ExcelHostOptions } from './excel-host';
export { FEATURE_REQUIREMENTS, type IsSetSupported } from './features';
