'use server';

import QRCode from 'qrcode';
import { sessionAction } from '@/lib/safe-action';
import { auth } from '@/server/services';

/** A fresh TOTP secret as a QR code (SVG data URL) and as text for manual entry; not active yet. */
export const startTotpAction = sessionAction.metadata({ name: 'startTotp' }).action(async ({ ctx }) => {
  const { secret, uri } = await auth().twoFactor.startTotp(ctx.user);
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
});
