import { scheduleAction } from './scheduleAction';

export const { description, execute } = scheduleAction('pause');
