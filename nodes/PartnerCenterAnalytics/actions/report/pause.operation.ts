import { reportStateOperation } from '../../helpers/reports';

export const { description, execute } = reportStateOperation('pause');
