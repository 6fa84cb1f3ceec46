/** Asks for the reason every lifecycle move needs (docs/catalog.md § Lifecycle), then runs it. */
import { useState, type ReactNode } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { useI18n } from '../shell/i18n.ts';
import { errorText } from '../shell/errors.ts';

export interface ReasonModalProps {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  onCancel: () => void;
  /** Runs the move; a thrown error is shown in the dialog and the dialog stays open. */
  onSubmit: (reason: string) => Promise<void>;
  /** What the person should know before going on (e.g. the completeness check), shown above the reason. */
  notice?: ReactNode;
  /** When set, a checkbox with this text must be ticked before the move runs. */
  confirm?: string | null;
}

export function ReasonModal({ open, title, okText, danger, onCancel, onSubmit, notice, confirm }: ReasonModalProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ reason: string; confirmed?: boolean }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Cleared when the dialog has closed, not when it opens: an effect after opening ran after the first paint, so a
  // reason typed at once (a fast typist, a browser test under load) could be wiped before OK.
  const clear = () => {
    form.resetFields();
    setError(null);
  };

  const submit = async () => {
    let values: { reason: string; confirmed?: boolean };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values.reason.trim());
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('catalog.cancel')}
      okButtonProps={{
        className: danger ? 'ow-btn-danger-primary' : undefined,
        loading: busy,
        'data-testid': 'reason-ok',
      }}
      onOk={() => void submit()}
      onCancel={onCancel}
      afterClose={clear}
      destroyOnHidden
      data-testid="reason-modal"
    >
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="reason-error"
        />
      )}
      {notice}
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t('catalog.reason')}
          extra={t('catalog.reasonHint')}
          rules={[
            { required: true, whitespace: true, message: t('catalog.reasonRequired') },
            { max: 500, message: t('catalog.reasonTooLong') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="reason-input" />
        </Form.Item>
        {confirm && (
          <Form.Item
            name="confirmed"
            valuePropName="checked"
            rules={[
              {
                validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('common.confirmRequired')))),
              },
            ]}
          >
            <Checkbox data-testid="reason-confirm">{confirm}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
