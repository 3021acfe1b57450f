import type { ServiceCollectors } from '../types.js';

export const collectors: ServiceCollectors = {};
