/**
 * The certificates module (电子证照): certificate types, issuer keys, W3C VC 2.0 credentials issued when a case is
 * granted (cases' result-issuer seam), their lifecycle and status lists, the trust list, and verification by anyone.
 * Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { useDocumentSigner, useMaterialSource, useResultIssuer, documentSignerOf } from '../cases/index.ts';
import { certificatesColumns, certificatesMigrations } from './tables.ts';
import { certificatesPermissions } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import { certificateLifecycle } from './lifecycle.ts';
import { grantLifecycle } from './grants.ts';
import { registerCertificatesRoutes } from './routes.ts';
import { seedCertificatesDemo } from './demo.ts';
import { renewingIssuer } from './renewal.ts';
import { sealSigner } from './seal.ts';
import { certificateMaterialSource } from './material-source.ts';
import { verifyStoredCertificates } from './verify-stored.ts';
import { expiryJobs } from './expiry.ts';

export const certificatesModule: ModuleDef = {
  name: 'certificates',
  migrationBlock: 5,
  migrations: certificatesMigrations,
  columns: certificatesColumns,
  permissions: certificatesPermissions,
  events: certificatesEvents,
  lifecycles: [certificateLifecycle, grantLifecycle],
  registerRoutes: (app, k) => {
    // At start-up: cases issues certificates (and renews them: renewal.ts) through this module, and seals documents with the departments' keys.
    useResultIssuer(k, renewingIssuer);
    useDocumentSigner(k, sealSigner(k, documentSignerOf(k)));
    // …and certificate-free materials: an applicant's certificate gives a case's material instead of an upload.
    useMaterialSource(k, certificateMaterialSource);
    registerCertificatesRoutes(app, k);
  },
  seedDemo: seedCertificatesDemo,
  jobs: (k) => expiryJobs(k),
  verifyStored: verifyStoredCertificates,
};

export { getCertificate, listCertificates, myCertificates, type Certificate } from './service.ts';
export { verifyCredential } from './verify.ts';
export { listCertificateTypes, type CertificateType } from './types.ts';
export { verifyOffline } from './offline.ts';
