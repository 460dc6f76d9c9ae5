import { test } from 'vitest';
import assert from 'node:assert/strict';
import {
  DecodeError,
  readBoolean,
  readDate,
  readDateTime,
  readDecimal,
  readDouble,
  readFloat,
  readInt,
  readLong,
  readTime,
  writeDouble,
} from '../../generator/runtime/values.ts';

const PATH = '/Purchase/Usage/Status';

function bad(fn: (s: string, path: string) => unknown, s: string, re?: RegExp): void {
  assert.throws(
    () => fn(s, PATH),
    (e: unknown) => {
      assert.ok(e instanceof DecodeError, `expected DecodeError for ${JSON.stringify(s)}, got ${String(e)}`);
      assert.equal(e.path, PATH);
      assert.ok(e.message.startsWith(`${PATH}: `), e.message);
      if (re) assert.match(e.message, re);
      return true;
    },
    `accepted ${JSON.stringify(s)}`,
  );
}

test('readInt: xs:int and the narrower kinds, with whitespace collapsing', () => {
  assert.equal(readInt('42', PATH), 42);
  assert.equal(readInt(' \n -7\t', PATH), -7);
  assert.equal(readInt('+0012', PATH), 12);
  assert.ok(Object.is(readInt('-0', PATH), 0));
  assert.equal(readInt('2147483647', PATH), 2147483647);
  assert.equal(readInt('-2147483648', PATH), -2147483648);
  assert.equal(readInt('255', PATH, 'unsignedByte'), 255);
  assert.equal(readInt('-128', PATH, 'byte'), -128);
  assert.equal(readInt('65535', PATH, 'unsignedShort'), 65535);
  assert.equal(readInt('4294967295', PATH, 'unsignedInt'), 4294967295);
  for (const s of ['', ' ', '1.0', '1e3', 'abc', '0x10', '1 2', '--1', 'NaN', 'Infinity']) bad(readInt, s, /expected an integer/);
  bad(readInt, '2147483648', /out of range/);
  bad(readInt, '-2147483649', /out of range/);
  bad(readInt, '99999999999999999999', /out of range/);
  assert.throws(() => readInt('256', PATH, 'unsignedByte'), /out of range/);
  assert.throws(() => readInt('-1', PATH, 'unsignedInt'), /out of range/);
  assert.throws(() => readInt('32768', PATH, 'short'), /out of range/);
});

test('readLong: returned as a canonical string, no precision loss', () => {
  assert.equal(readLong('9007199254740993', PATH), '9007199254740993');
  assert.notEqual(String(Number('9007199254740993')), '9007199254740993', 'a number would have lost it');
  assert.equal(readLong(' +000123 ', PATH), '123');
  assert.equal(readLong('-0', PATH), '0');
  assert.equal(readLong('9223372036854775807', PATH), '9223372036854775807');
  assert.equal(readLong('-9223372036854775808', PATH), '-9223372036854775808');
  assert.equal(readLong('123456789012345678901234567890', PATH, 'integer'), '123456789012345678901234567890');
  assert.equal(readLong('18446744073709551615', PATH, 'unsignedLong'), '18446744073709551615');
  bad(readLong, '9223372036854775808', /out of range/);
  for (const s of ['', '1.5', '12a', '1e5', ' - 1']) bad(readLong, s, /expected an integer/);
  assert.throws(() => readLong('0', PATH, 'positiveInteger'), DecodeError);
  assert.throws(() => readLong('-1', PATH, 'nonNegativeInteger'), DecodeError);
  assert.throws(() => readLong('1', PATH, 'negativeInteger'), DecodeError);
  assert.equal(readLong('0', PATH, 'nonPositiveInteger'), '0');
});

test('readDecimal: validated, returned as written', () => {
  for (const s of ['10.50', '-0.5', '+.5', '5.', '0', '123456789012345678901234567890.123456789']) assert.equal(readDecimal(s, PATH), s);
  assert.equal(readDecimal(' 1.0 ', PATH), '1.0');
  for (const s of ['', '.', '1e3', '1,5', 'INF', 'NaN', '1.2.3', '$5']) bad(readDecimal, s, /expected a decimal/);
});

test('readDouble / readFloat: decimal and exponent forms, INF, -INF, NaN', () => {
  assert.equal(readDouble('1.5', PATH), 1.5);
  assert.equal(readDouble('-1E4', PATH), -10000);
  assert.equal(readDouble('1e-3', PATH), 0.001);
  assert.equal(readDouble('.5', PATH), 0.5);
  assert.equal(readDouble(' 12 ', PATH), 12);
  assert.equal(readDouble('INF', PATH), Infinity);
  assert.equal(readDouble('+INF', PATH), Infinity);
  assert.equal(readDouble('-INF', PATH), -Infinity);
  assert.ok(Number.isNaN(readDouble('NaN', PATH)));
  assert.equal(readFloat('0.1', PATH), Math.fround(0.1));
  for (const s of ['', 'inf', 'Infinity', '-NaN', 'nan', '1e', 'e5', '0x1', '1,5', '1.5f']) bad(readDouble, s, /expected a number/);
});

test('writeDouble spells the special values as XSD does and round-trips', () => {
  assert.equal(writeDouble(Infinity), 'INF');
  assert.equal(writeDouble(-Infinity), '-INF');
  assert.equal(writeDouble(NaN), 'NaN');
  assert.equal(writeDouble(-0), '-0');
  for (const n of [0, 1.5, -2, 1e21, 5e-324, 0.1 + 0.2, Number.MAX_VALUE]) assert.equal(readDouble(writeDouble(n), PATH), n);
});

test('readBoolean: true/false/1/0 only', () => {
  assert.equal(readBoolean('true', PATH), true);
  assert.equal(readBoolean(' 1 ', PATH), true);
  assert.equal(readBoolean('false', PATH), false);
  assert.equal(readBoolean('0', PATH), false);
  for (const s of ['', 'True', 'TRUE', 'yes', '2', 't']) bad(readBoolean, s, /expected a boolean/);
});

test('readDate / readDateTime / readTime: lexical form and calendar checks', () => {
  for (const s of ['2024-02-29', '2023-12-31Z', '2023-01-01+14:00', '-0044-03-15', '12345-01-01']) assert.equal(readDate(s, PATH), s);
  assert.equal(readDate(' 2024-01-01\n', PATH), '2024-01-01');
  for (const s of ['2023-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '23-01-01', '2023-1-1', '01/15/2024', '2023-01-01T00:00:00', '2023-01-01+15:00', '02023-01-01']) {
    bad(readDate, s, /expected a date/);
  }
  for (const s of ['2024-01-15T10:30:00', '2024-01-15T10:30:00.123Z', '2024-01-15T23:59:59-05:00', '2024-01-15T24:00:00']) {
    assert.equal(readDateTime(s, PATH), s);
  }
  for (const s of ['2024-01-15', '2024-01-15 10:30:00', '2024-01-15T25:00:00', '2024-01-15T24:00:01', '2024-01-15T10:60:00', '2024-02-30T00:00:00', '1/15/2024 10:30 AM']) {
    bad(readDateTime, s, /expected a date-time/);
  }
  assert.equal(readTime('10:30:00Z', PATH), '10:30:00Z');
  bad(readTime, '10:30', /expected a time/);
});

test('DecodeError carries path and reason', () => {
  const e = new DecodeError('/a/b', 'broken');
  assert.equal(e.path, '/a/b');
  assert.equal(e.reason, 'broken');
  assert.equal(e.message, '/a/b: broken');
  assert.equal(e.name, 'DecodeError');
  assert.equal(new DecodeError('', 'x').path, '/');
});
