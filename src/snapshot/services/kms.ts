import { z } from 'zod';
import { dataset, date, item, optBool, optNum, optStr, str, tags } from '../dataset.js';

void [z, dataset, date, item, optBool, optNum, optStr, str, tags];

export const kms = {} as const;
