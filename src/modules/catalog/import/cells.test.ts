/** The file and cell layer without a database: CSV quoting and encodings, the cell syntax, JSON fallback on export. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, readCsv, writeCsv } from './files.ts';
import { COLUMN_BY_KEY, columnOfHeader } from './layout.ts';
import { CellError } from './cells.ts';

const codec = (key: string) => COLUMN_BY_KEY.get(key)!.codec;

test('CSV: quotes, commas and line breaks in a field; formula-like cells are defused and read back', () => {
  assert.deepEqual(parseCsv('a,"b,c","d ""e""\nf"\r\n1,2,3\n'), [
    ['a', 'b,c', 'd "e"\nf'],
    ['1', '2', '3'],
  ]);
  const file = writeCsv(
    ['h1', 'h2'],
    [
      ['=HYPERLINK("x")', '-5'],
      ['普通', '多行\n文本'],
    ],
  );
  assert.equal(file.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
  assert.match(file.toString('utf8'), /"'=HYPERLINK\(""x""\)",'-5/);
  assert.deepEqual(
    readCsv(file).rows.map((r) => r.cells),
    [
      ['=HYPERLINK("x")', '-5'],
      ['普通', '多行\n文本'],
    ],
  );
});

test('headers: 中文(key), the key or the label; the cell syntax reads what clerks write', () => {
  assert.equal(columnOfHeader('承诺时限（工作日）(promisedDays)')?.key, 'promisedDays');
  assert.equal(columnOfHeader('承诺时限（工作日）（promisedDays）')?.key, 'promisedDays');
  assert.equal(columnOfHeader('channels')?.key, 'channels');
  assert.equal(columnOfHeader('办理渠道')?.key, 'channels');
  assert.deepEqual(codec('channels').parse('窗口、网上，mobile'), ['window', 'online', 'mobile']);
  assert.deepEqual(codec('levels').parse('省级,县'), ['province', 'county']);
  assert.equal(codec('itemType').parse('公共服务'), '20');
  assert.equal(codec('businessItem').parse('1'), '01', 'Excel dropped the leading zero');
  assert.equal(codec('effectiveFrom').parse('2026/1/5'), '2026-01-05');
  assert.equal(codec('statutoryDays').parse('无'), null);
  assert.equal(codec('promisedDays').parse('5个工作日'), 5);
  assert.deepEqual(codec('validity').parse('6个月'), { kind: 'period', value: 6, unit: 'month' });
  assert.deepEqual(codec('feeItems').parse('登记费 | 80.5 | 依据'), [
    { name: '登记费', amountFen: 8050, basis: '依据' },
  ]);
  assert.deepEqual(codec('materials').parse('id | 居民身份证 | 条件 | 本人办理的 | 原件+复印件 | 2 | 共享:人口库'), [
    {
      key: 'id',
      name: '居民身份证',
      requirement: 'conditional',
      condition: '本人办理的',
      forms: ['original', 'copy'],
      paperCopies: 2,
      source: { kind: 'shared_data', certificateType: null, dataSource: '人口库' },
      blankForm: null,
      sample: null,
    },
  ]);
  assert.deepEqual(codec('process').parse('a | 受理 | 窗口人员 | 1\nb | 审查 | reviewer | 2 | g'), [
    { key: 'a', name: '受理', role: 'window_clerk', days: 1, parallelGroup: null },
    { key: 'b', name: '审查', role: 'reviewer', days: 2, parallelGroup: 'g' },
  ]);
  for (const [key, text, code] of [
    ['channels', '信鸽', 'CELL_UNKNOWN_CODE'],
    ['materials', '[{', 'CELL_JSON_INVALID'],
    ['feeItems', '费 | 1.234', 'CELL_INVALID'],
    ['process', 'a | 受理 | 窗口人员', 'CELL_INVALID'],
  ] as const) {
    assert.throws(
      () => codec(key).parse(text),
      (e: unknown) => e instanceof CellError && e.code === code && !!e.zh && !!e.en,
      `${key}: ${text}`,
    );
  }
});

test('export writes the line syntax when it reads back exactly, JSON otherwise', () => {
  const m = codec('materials');
  const plain = [
    {
      key: 'id',
      name: '居民身份证',
      requirement: 'required',
      condition: null,
      forms: ['electronic'],
      paperCopies: 0,
      source: { kind: 'certificate', certificateType: 'DEMO.JMSFZ', dataSource: null },
      blankForm: null,
      sample: null,
    },
  ];
  assert.equal(m.format(plain), 'id | 居民身份证 | 必要 |  | 电子 | 0 | 证照:DEMO.JMSFZ');
  const piped = [{ ...plain[0], name: '身份证 | 户口簿' }];
  assert.equal(m.format(piped), JSON.stringify(piped));
  assert.deepEqual(m.parse(m.format(piped)), piped);
});
