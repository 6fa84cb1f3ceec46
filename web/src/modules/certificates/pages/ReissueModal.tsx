/**
 * Change (变更: the next version with edited face fields) or renew (延续: the next version with a fresh validity) of a
 * certificate: the reason, and for a change the face fields of its type (its JSON Schema's titles) prefilled with the
 * current face; only the fields edited are sent. The old version is superseded.
 */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Certificate } from '../api.ts';

export type ReissueKind = 'change' | 'renew';

export function ReissueModal({
  pending,
  onClose,
  onDone,
}: {
  pending: { c: Certificate; kind: ReissueKind } | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ reason: string; face?: Record<string, string> }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const types = useQuery({
    queryKey: ['certificates.types'],
    queryFn: ({ signal }) => CertificatesApi.types(signal),
    enabled: pending?.kind === 'change',
  });
  const type = types.data?.find((x) => x.code === pending?.c.type.code);
  const props = Object.entries(
    ((type?.faceSchema.properties ?? {}) as Record<string, { title?: string; type?: string }>) ?? {},
  ).filter(([name, p]) => name !== 'holderName' && (p.type ?? 'string') === 'string');
  // The form mounts afresh on every opening (destroyOnHidden): the current face as its initial values.
  const initialFace: Record<string, string> = {};
  for (const [name, v] of Object.entries(pending?.c.face ?? {})) if (typeof v === 'string') initialFace[name] = v;
  const submit = async () => {
    if (!pending) return;
    let values: { reason: string; face?: Record<string, string> };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const changed: Record<string, string> = {};
    for (const [name, v] of Object.entries(values.face ?? {}))
      if (typeof v === 'string' && v.trim() !== '' && v !== pending.c.face[name]) changed[name] = v.trim();
    setBusy(true);
    setError(null);
    try {
      await CertificatesApi.reissue(pending.c.id, pending.kind, {
        version: pending.c.version,
        reason: values.reason,
        ...(pending.kind === 'change' ? { face: changed } : {}),
      });
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const title = pending ? t(`certificates.action.${pending.kind}`) : '';
  return (
    <Modal
      open={pending !== null}
      title={title}
      okText={title}
      cancelText={t('certificates.admin.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(open) => open || setError(null)}
    >
      <Typography.Paragraph type="secondary">
        {pending &&
          t(pending.kind === 'change' ? 'certificates.reissue.changeExplain' : 'certificates.reissue.renewExplain')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ face: initialFace }} preserve={false}>
        {pending?.kind === 'change' &&
          props.map(([name, p]) => (
            <Form.Item key={name} name={['face', name]} label={p.title ?? t('certificates.reissue.field')}>
              <Input maxLength={500} data-testid={`reissue-face-${name}`} />
            </Form.Item>
          ))}
        <Form.Item
          name="reason"
          label={t('certificates.reissue.reason')}
          rules={[{ required: true, whitespace: true, message: t('certificates.reissue.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="reissue-reason" />
        </Form.Item>
      </Form>
      {error !== null && <Alert type="error" showIcon title={errorText(error, i18n)} />}
    </Modal>
  );
}
