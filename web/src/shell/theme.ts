/**
 * antd theme tokens. The default theme already darkens antd's secondary text and primary blue so that text meets
 * WCAG AA contrast (4.5:1); elder mode (适老模式) raises the base font to 20px, uses near-black text, darker
 * borders and larger controls.
 */
import { theme, type ThemeConfig } from 'antd';

const PRIMARY = '#0050b3'; // 7.0:1 on white
const ELDER_PRIMARY = '#003a8c'; // 10:1 on white
/**
 * Status colours dark enough for text: a status tag (成功/处理中/警告/错误) writes its text in the seed colour on
 * the light background derived from it, and antd's seeds give 2–4:1 there; these give 4.5:1 or more (WCAG AA).
 */
const STATUS = {
  colorSuccess: '#237804',
  colorWarning: '#ad4e00',
  colorError: '#cf1322',
  colorInfo: PRIMARY,
  // antd derives the light backgrounds from the seed, and a dark seed gives a grey one: keep antd's usual tints.
  colorSuccessBg: '#f6ffed',
  colorSuccessBorder: '#b7eb8f',
  colorWarningBg: '#fff7e6',
  colorWarningBorder: '#ffd591',
  colorErrorBg: '#fff1f0',
  colorErrorBorder: '#ffccc7',
  colorInfoBg: '#e6f4ff',
  colorInfoBorder: '#91caff',
} as const;
/** Empty tables write 暂无数据 in the disabled colour (about 2.6:1); an empty state is text to read (lists: index.css). */
const EMPTY_TEXT = { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' } as const;

export function themeFor(elder: boolean): ThemeConfig {
  if (!elder) {
    return {
      algorithm: theme.defaultAlgorithm,
      zeroRuntime: true,
      token: {
        ...STATUS,
        colorPrimary: PRIMARY,
        colorLink: PRIMARY,
        colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
        colorTextDescription: 'rgba(0, 0, 0, 0.68)',
        colorTextTertiary: 'rgba(0, 0, 0, 0.68)',
        colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
        fontSizeHeading1: 28,
        fontSizeHeading2: 22,
      },
      components: {
        Layout: {
          headerBg: '#ffffff',
          siderBg: '#ffffff',
          bodyBg: '#f5f7fa',
          footerBg: '#f5f7fa',
          headerPadding: '0 24px',
        },
        // The unchecked switch track needs 3:1 against white (WCAG 1.4.11); antd's default is about 1.9:1.
        Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.55)', colorTextTertiary: 'rgba(0, 0, 0, 0.7)' },
        Table: EMPTY_TEXT,
        Empty: EMPTY_TEXT,
      },
    };
  }
  return {
    algorithm: theme.defaultAlgorithm,
    zeroRuntime: true,
    token: {
      fontSize: 20,
      fontSizeHeading1: 34,
      fontSizeHeading2: 28,
      lineHeight: 1.6,
      ...STATUS,
      colorPrimary: ELDER_PRIMARY,
      colorLink: ELDER_PRIMARY,
      colorText: '#000000',
      colorTextSecondary: '#1f1f1f',
      colorTextDescription: '#1f1f1f',
      colorTextTertiary: '#1f1f1f',
      colorTextPlaceholder: '#434343',
      colorTextDisabled: '#434343',
      colorBorder: '#434343',
      colorBorderSecondary: '#8c8c8c',
      colorError: '#a8071a',
      controlHeight: 48,
      controlHeightLG: 56,
      controlHeightSM: 36,
      borderRadius: 4,
    },
    components: {
      Layout: {
        headerBg: '#ffffff',
        bodyBg: '#ffffff',
        footerBg: '#ffffff',
        headerPadding: '0 24px',
        headerHeight: 80,
      },
      Menu: { itemHeight: 56, horizontalItemSelectedColor: ELDER_PRIMARY, itemSelectedColor: ELDER_PRIMARY },
      Table: { cellPaddingBlock: 16 },
      Switch: { colorTextQuaternary: '#595959', colorTextTertiary: '#262626' },
    },
  };
}
