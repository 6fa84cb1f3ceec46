/**
 * The public verification page (no account): paste a credential or QR payload, upload the certificate's PDF (the
 * server reads its QR code) or a photo of the QR code (decoded here with jsQR), or scan it with the camera where the
 * browser offers one. A QR code opens this page with `#vc=<credential>` (verified at once) or, when the credential was
 * too long for it, `#id=<credential id>` (verified by id). The answer in plain words, personal data masked.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { CameraOutlined, StopOutlined } from '@ant-design/icons';
import jsQR from 'jsqr';
import { useI18n } from '../../../shell/i18n.ts';
import { errorText } from '../../../shell/errors.ts';
import { CertificatesApi, type Verification } from '../api.ts';
import { dateOf } from './parts.tsx';

/** Largest side a photo is scaled to before decoding (a phone photo of 4000 px decodes as well at 1600, faster). */
const MAX_SIDE = 1600;

/** The QR code in an image drawn on a canvas; null when none is found. */
function decodeCanvas(canvas: HTMLCanvasElement, source: CanvasImageSource, w: number, h: number): string | null {
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(source, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  return jsQR(data, w, h, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

async function decodeImage(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  try {
    for (const side of [MAX_SIDE, 800, 3000]) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const found = decodeCanvas(canvas, bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      if (found) return found;
      if (scale === 1) break;
    }
    return null;
  } finally {
    bitmap.close();
  }
}

async function isPdf(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

export function VerifyPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ credential: string }>();
  const run = async (work: () => Promise<Verification>) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await work());
    } catch (e) {
      setError(errorText(e, i18n));
    } finally {
      setBusy(false);
    }
  };
  /** A QR payload: the page's URL with #vc= (verify the credential) or #id= (verify by id), or a credential. */
  const verifyPayload = (payload: string) => {
    const id = /[#?&]id=([^&#]+)/.exec(payload)?.[1];
    if (id && !/[#?&]vc=/.test(payload)) return run(() => CertificatesApi.verifyById(decodeURIComponent(id)));
    const vc = /[#?&]vc=([^&#]+)/.exec(payload)?.[1];
    const credential = vc ? decodeURIComponent(vc) : payload.trim();
    form.setFieldsValue({ credential });
    return run(() => CertificatesApi.verify(credential));
  };

  // Opened from a QR code: verify what the fragment carries at once (and when the fragment changes on this page).
  useEffect(() => {
    const fromHash = () => {
      if (/[#&](vc|id)=/.test(window.location.hash)) void verifyPayload(window.location.hash);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);

  const onFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (await isPdf(file)) return run(() => CertificatesApi.verifyPdf(file));
    setError(null);
    setResult(null);
    let payload: string | null;
    try {
      payload = await decodeImage(file);
    } catch {
      setError(t('certificates.verify.fileUnsupported'));
      return;
    }
    if (!payload) setError(t('certificates.verify.noQr'));
    else await verifyPayload(payload);
  };

  // The camera: frames drawn on a canvas and decoded until a QR code is found; stopped on success or on leaving.
  const canScan = typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);
  const stopCamera = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    setScanning(false);
  };
  useEffect(() => stopCamera, []);
  const startCamera = async () => {
    setError(null);
    setResult(null);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      setError(t('certificates.verify.cameraDenied'));
      return;
    }
    setScanning(true);
    const canvas = document.createElement('canvas');
    const tick = () => {
      const v = video.current;
      if (!stream.current) return;
      if (v && v.srcObject !== stream.current) {
        v.srcObject = stream.current;
        void v.play().catch(() => undefined);
      }
      if (v && v.readyState >= 2 && v.videoWidth > 0) {
        const scale = Math.min(1, 960 / Math.max(v.videoWidth, v.videoHeight));
        const found = decodeCanvas(canvas, v, Math.round(v.videoWidth * scale), Math.round(v.videoHeight * scale));
        if (found) {
          stopCamera();
          void verifyPayload(found);
          return;
        }
      }
      timer.current = window.setTimeout(tick, 200);
    };
    tick();
  };

  const zh = i18n.lang === 'zh-CN';
  const c = result?.credential;
  const holder = (c?.holder ?? {}) as Record<string, unknown>;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={1} data-testid="page-title">
        {t('certificates.verify.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('certificates.verify.intro')}</Typography.Paragraph>
      <Card size="small" title={t('certificates.verify.byFile')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('certificates.verify.fileHint')}</Typography.Text>
          <input
            type="file"
            accept="application/pdf,.pdf,image/*"
            aria-label={t('certificates.verify.fileLabel')}
            onChange={(e) => {
              const files = e.target.files;
              void onFile(files).finally(() => (e.target.value = ''));
            }}
            disabled={busy}
            data-testid="verify-file"
            style={{ maxWidth: '100%' }}
          />
          {canScan &&
            (scanning ? (
              <Button icon={<StopOutlined />} onClick={stopCamera} block data-testid="verify-camera-stop">
                {t('certificates.verify.cameraStop')}
              </Button>
            ) : (
              <Button icon={<CameraOutlined />} onClick={() => void startCamera()} block data-testid="verify-camera">
                {t('certificates.verify.camera')}
              </Button>
            ))}
          {scanning && (
            <video
              ref={video}
              muted
              playsInline
              aria-label={t('certificates.verify.cameraView')}
              style={{ width: '100%', maxHeight: 360, background: '#000' }}
            />
          )}
        </Space>
      </Card>
      <Card size="small" title={t('certificates.verify.byPaste')}>
        <Form form={form} layout="vertical" onFinish={({ credential }) => void verifyPayload(credential)}>
          <Form.Item name="credential" label={t('certificates.verify.input')} rules={[{ required: true }]}>
            <Input.TextArea rows={5} data-testid="verify-input" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="verify-submit">
            {t('certificates.verify.submit')}
          </Button>
        </Form>
      </Card>
      <div aria-live="polite">
        {error && <Alert type="error" showIcon title={error} data-testid="verify-error" />}
        {result && (
          <Alert
            data-testid="verify-result"
            type={result.valid ? 'success' : 'error'}
            showIcon
            title={t(result.valid ? 'certificates.verify.valid' : 'certificates.verify.invalid')}
            description={zh ? result.message.zh : result.message.en}
          />
        )}
      </div>
      {c && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('certificates.type')}>
            {c.name} {c.illustrative && <Tag>{t('certificates.illustrative')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('certificates.number')}>
            <span style={{ wordBreak: 'break-all' }}>{c.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('certificates.issuer')}>{c.issuer.name}</Descriptions.Item>
          <Descriptions.Item label={t('certificates.holder')}>{String(holder.name ?? '')}</Descriptions.Item>
          {(holder.idMasked || holder.idType === '001') && (
            <Descriptions.Item label={t('certificates.holderId')}>
              {String(holder.idMasked ?? holder.id ?? '')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('certificates.validFrom')}>{dateOf(c.validFrom, i18n)}</Descriptions.Item>
          <Descriptions.Item label={t('certificates.validUntil')}>{dateOf(c.validUntil, i18n)}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}
