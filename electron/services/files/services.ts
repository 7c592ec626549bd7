import type { Services } from '../index';

/** The part of Services this area uses (so tests can build just that). */
export type FilesServices = Pick<Services, 'engine' | 'dataDir' | 'activity' | 'downloads' | 'uploadCleanups' | 'transfers'>;
