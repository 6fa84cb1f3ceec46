/** The certificates module's tables and their migrations (block 5: 0500–0599). */
import { sql, type Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { DbAdapter } from '../../kernel/db/adapter.ts';

/** A certificate type (证照类型): its face fields, validity rule and issuing departments. */
export interface CertificateTypeTable {
  code: string;
  name_zh: string;
  name_en: string;
  /** GB/T 36904 type code: the defining body's USCC (18) + a 3-digit sequence. */
  type_code: string;
  face_schema: Record<string, unknown>;
  /** { kind: 'long_term' | 'period', value, unit } as the catalog's resultValidity. */
  validity: { kind: string; value: number | null; unit: string | null };
  /** Department codes allowed to issue it (empty: any department). */
  departments: string[];
  /** Demo types (DEMO.*): a certificate of this type is marked 示例. */
  illustrative: boolean;
  created_at: string;
}

/** A signing key of an issuing department. The private half is `k.cipher`-encrypted, never answered. */
export interface IssuerKeyTable {
  kid: string;
  department_code: string;
  /** 'EdDSA' | 'ES256' | 'SM2' (SM2 with SM3, through sm-crypto). */
  alg: string;
  public_jwk: Record<string, unknown>;
  private_enc: string;
  /** 'active' signs; 'retired' only verifies what it signed. */
  status: string;
  created_at: string;
  retired_at: string | null;
}

/** An issuer of another province (or this one's, exported) trusted through an imported trust list. */
export interface TrustedIssuerTable {
  id: string;
  name: string;
  uscc: string;
  province: string;
  jwks: { keys: Record<string, unknown>[] };
  valid_from: string;
  valid_until: string | null;
  imported_at: string;
  imported_by: string;
}

export interface CertificateTable {
  /** urn:uuid:… — the credential's id. */
  id: string;
  number: string;
  type_code: string;
  type_name: string;
  department_code: string;
  department_name: string;
  region: string;
  case_id: string | null;
  holder_kind: string;
  holder_name: string;
  holder_person_id: string | null;
  holder_enterprise_id: string | null;
  holder_account: string | null;
  /** The face as shown (personal data masked), JSON. */
  face_masked: Record<string, unknown>;
  /** The vc+jwt, `k.cipher`-encrypted. */
  credential_enc: string;
  kid: string;
  sm2_signature: string | null;
  sm2_kid: string | null;
  status_list: string;
  status_index: number;
  valid_from: string;
  valid_until: string | null;
  supersedes: string | null;
  illustrative: boolean;
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A Bitstring Status List (one per department and purpose), bits stored base64url (uncompressed). */
export interface StatusListTable {
  id: string;
  department_code: string;
  purpose: string;
  size: number;
  bits: string;
  /** Bumped on every change of the bits: verifiers keep the decoded bits while it is unchanged (0501). */
  revision: number;
  updated_at: string;
}

/** A holder's grant of the use of a certificate to a department, or to the department handling one case (0502). */
export interface GrantTable {
  id: string;
  certificate_id: string;
  certificate_number: string;
  certificate_type_name: string;
  holder_account: string;
  /** 'department' | 'case'. */
  grantee_kind: string;
  /** The grantee department (a case grant: the case's department). */
  department_code: string;
  department_name: string;
  /** The grantee's region (the department's, or the case's). */
  region: string;
  case_id: string | null;
  case_number: string | null;
  purpose: string;
  valid_from: string;
  valid_until: string;
  /** 'active' | 'revoked'. */
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One use of a granted certificate by the grantee's staff: shown to the holder (0502). */
export interface GrantUseTable {
  id: string;
  grant_id: string;
  certificate_id: string;
  certificate_number: string;
  certificate_type_name: string;
  holder_account: string;
  user_id: string;
  user_name: string;
  department_code: string;
  department_name: string;
  case_id: string | null;
  case_number: string | null;
  purpose: string;
  /** The verification's answer at the time of use. */
  valid: boolean;
  at: string;
}

/** A notice to the holder that a certificate expires soon: one per certificate and threshold (0503). */
export interface ExpiryNoticeTable {
  id: string;
  certificate_id: string;
  holder_account: string;
  /** The threshold it was sent at (days before expiry, e.g. 30 or 7). */
  days: number;
  valid_until: string;
  created_at: string;
}

/** A renewal (延续) case started from the wallet: granting that case renews this certificate (0503). */
export interface RenewalTable {
  case_id: string;
  certificate_id: string;
  holder_account: string;
  created_at: string;
}

export interface CertificateSequenceTable {
  key: string;
  seq: number;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    certificates_types: CertificateTypeTable;
    certificates_issuer_keys: IssuerKeyTable;
    certificates_trusted_issuers: TrustedIssuerTable;
    certificates_certificates: CertificateTable;
    certificates_status_lists: StatusListTable;
    certificates_sequences: CertificateSequenceTable;
    certificates_grants: GrantTable;
    certificates_grant_uses: GrantUseTable;
    certificates_expiry_notices: ExpiryNoticeTable;
    certificates_renewals: RenewalTable;
  }
}

export const certificatesColumns = {
  certificates_types: { json: ['face_schema', 'validity', 'departments'], bool: ['illustrative'] },
  certificates_issuer_keys: { json: ['public_jwk'] },
  certificates_trusted_issuers: { json: ['jwks'] },
  certificates_certificates: { json: ['face_masked'], bool: ['illustrative'] },
  certificates_grant_uses: { bool: ['valid'] },
};

export const certificatesMigrations: MigrationDef[] = [
  {
    name: '0500_certificates_base',
    async up(db: Kysely<any>, a: DbAdapter) {
      const json = sql.raw(a.jsonType);
      const bool = sql.raw(a.booleanType);
      await db.schema
        .createTable('certificates_types')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('type_code', 'text', (c) => c.notNull())
        .addColumn('face_schema', json, (c) => c.notNull())
        .addColumn('validity', json, (c) => c.notNull())
        .addColumn('departments', json, (c) => c.notNull())
        .addColumn('illustrative', bool, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('certificates_issuer_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', json, (c) => c.notNull())
        .addColumn('private_enc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema
        .createIndex('certificates_issuer_keys_dept_ix')
        .on('certificates_issuer_keys')
        .columns(['department_code', 'alg', 'status'])
        .execute();
      await db.schema
        .createTable('certificates_trusted_issuers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text', (c) => c.notNull())
        .addColumn('province', 'text', (c) => c.notNull())
        .addColumn('jwks', json, (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('certificates_certificates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('type_code', 'text', (c) => c.notNull())
        .addColumn('type_name', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('holder_kind', 'text', (c) => c.notNull())
        .addColumn('holder_name', 'text', (c) => c.notNull())
        .addColumn('holder_person_id', 'text')
        .addColumn('holder_enterprise_id', 'text')
        .addColumn('holder_account', 'text')
        .addColumn('face_masked', json, (c) => c.notNull())
        .addColumn('credential_enc', 'text', (c) => c.notNull())
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('sm2_signature', 'text')
        .addColumn('sm2_kid', 'text')
        .addColumn('status_list', 'text', (c) => c.notNull())
        .addColumn('status_index', 'integer', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('supersedes', 'text')
        .addColumn('illustrative', bool, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('certificates_certificates_slot_ux')
        .on('certificates_certificates')
        .columns(['status_list', 'status_index'])
        .unique()
        .execute();
      await db.schema
        .createIndex('certificates_certificates_dept_ix')
        .on('certificates_certificates')
        .columns(['department_code', 'id'])
        .execute();
      await db.schema
        .createIndex('certificates_certificates_holder_ix')
        .on('certificates_certificates')
        .columns(['holder_account', 'id'])
        .execute();
      await db.schema
        .createTable('certificates_status_lists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('bits', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('certificates_sequences')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'certificates_sequences',
        'certificates_status_lists',
        'certificates_certificates',
        'certificates_trusted_issuers',
        'certificates_issuer_keys',
        'certificates_types',
      ])
        await db.schema.dropTable(t).execute();
    },
  },
  {
    name: '0501_certificates_status_revision',
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('certificates_status_lists')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Verifiers read a department's lists' revisions on every verification.
      await db.schema
        .createIndex('certificates_status_lists_dept_ix')
        .on('certificates_status_lists')
        .columns(['department_code', 'id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('certificates_status_lists_dept_ix').execute();
      await db.schema.alterTable('certificates_status_lists').dropColumn('revision').execute();
    },
  },
  {
    name: '0502_certificates_grants',
    async up(db: Kysely<any>, a: DbAdapter) {
      const bool = sql.raw(a.booleanType);
      await db.schema
        .createTable('certificates_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('certificate_number', 'text', (c) => c.notNull())
        .addColumn('certificate_type_name', 'text', (c) => c.notNull())
        .addColumn('holder_account', 'text', (c) => c.notNull())
        .addColumn('grantee_kind', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('case_number', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('certificates_grants_holder_ix')
        .on('certificates_grants')
        .columns(['holder_account', 'created_at'])
        .execute();
      await db.schema
        .createIndex('certificates_grants_department_ix')
        .on('certificates_grants')
        .columns(['department_code', 'status', 'valid_until'])
        .execute();
      await db.schema
        .createTable('certificates_grant_uses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('certificate_number', 'text', (c) => c.notNull())
        .addColumn('certificate_type_name', 'text', (c) => c.notNull())
        .addColumn('holder_account', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text', (c) => c.notNull())
        .addColumn('department_name', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('case_number', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('valid', bool, (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('certificates_grant_uses_holder_ix')
        .on('certificates_grant_uses')
        .columns(['holder_account', 'at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('certificates_grant_uses').execute();
      await db.schema.dropTable('certificates_grants').execute();
    },
  },
  {
    name: '0503_certificates_expiry',
    async up(db: Kysely<any>) {
      // The daily expiry job finds certificates in force past (or near) their validity.
      await db.schema
        .createIndex('certificates_certificates_expiry_ix')
        .on('certificates_certificates')
        .columns(['status', 'valid_until'])
        .execute();
      // A superseded certificate's verification names its newer version.
      await db.schema
        .createIndex('certificates_certificates_supersedes_ix')
        .on('certificates_certificates')
        .column('supersedes')
        .execute();
      await db.schema
        .createTable('certificates_expiry_notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('holder_account', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('certificates_expiry_notices_ux')
        .on('certificates_expiry_notices')
        .columns(['certificate_id', 'days'])
        .unique()
        .execute();
      await db.schema
        .createIndex('certificates_expiry_notices_holder_ix')
        .on('certificates_expiry_notices')
        .columns(['holder_account', 'created_at'])
        .execute();
      await db.schema
        .createTable('certificates_renewals')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('certificate_id', 'text', (c) => c.notNull())
        .addColumn('holder_account', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // A staff member's repeated reads of a case's certificate are logged once per window (grants.ts logGrantUse).
      await db.schema
        .createIndex('certificates_grant_uses_dedup_ix')
        .on('certificates_grant_uses')
        .columns(['grant_id', 'user_id', 'at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('certificates_grant_uses_dedup_ix').execute();
      await db.schema.dropTable('certificates_renewals').execute();
      await db.schema.dropTable('certificates_expiry_notices').execute();
      await db.schema.dropIndex('certificates_certificates_supersedes_ix').execute();
      await db.schema.dropIndex('certificates_certificates_expiry_ix').execute();
    },
  },
];
