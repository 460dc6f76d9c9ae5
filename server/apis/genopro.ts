/**
 * GenoPro `/ws.asmx`: Purchase. Payments are simulated (no processor is
 * contacted); the card numbers below decide the outcome. See server/README.md.
 */
import crypto from 'node:crypto';
import type { WsHandlers } from '../../generated/genopro/server.js';
import type * as T from '../../generated/genopro/types.js';
import { type Db, nextCounter } from '../db/store.ts';
import { randomCode } from '../auth.ts';

/** Every ErrorName in the contract's order; ErrorCode is the position (Ok = 0), as .NET numbers an enum. */
export const ERROR_NAMES: T.ErrorName[] = [
  'Ok', 'OkPasswordSent', 'OkAccountCreated', 'OkFileExist', 'OkKeyExpired', 'ErrNotFound', 'ErrEmailOrUsernameUnknown',
  'ErrPasswordInvalid', 'ErrUsernameAlreadyInUse', 'ErrFileNotFound', 'ErrFileInUse', 'ErrFileTooLarge', 'ErrPermission',
  'ErrTimestampMismatch', 'ErrAlreadyInUse', 'ErrMissingInformation', 'ErrMailServerUnreachable', 'ErrMailboxDoesNotExist',
  'ErrMailDelayed', 'ErrMailRejectedAsSpam', 'ErrMailCannotBeSent', 'ErrRegistrationKeyNotFound', 'ErrDownloadVersionDoesNotExist',
  'ErrCreditCardInvalid', 'ErrCreditCardNotSupported', 'ErrCreditCardOverLimit', 'ErrCreditCardDecline', 'ErrCreditCardExpired',
  'ErrCreditCardDuplicate', 'ErrCreditCardCurrencyNotSupported', 'ErrCreditCardIncorrectCVC', 'ErrCreditCardAuthenticationRequired',
  'ErrCreditCardIssuerNotAvailable', 'ErrCreditCardRequiresActionRedirectURL', 'ErrCreditCardRequiresActionRedirectSDK',
  'ErrCreditCardNameNotIncluded', 'ErrCreditCardUnknown', 'ErrCollaborationProjectNotExists', 'ErrCollaborationInviteUsersPermissionDenied',
  'ErrCollaborationChangeUserRankPermissionDenied', 'ErrCollaborationNameMissing', 'ErrCollaborationSumMismatch',
  'ErrCollaborationChecksumMismatch', 'ErrSessionLost', 'ErrFilenameMissing', 'ErrFilenameInvalid', 'ErrFileException',
  'ErrUsernameMissing', 'ErrInvalidTimestamp', 'ErrDatabaseCannotLogRegistration', 'ErrCannotSaveAccount', 'ErrFolderNameInvalid',
  'ErrIllegalEmail', 'ErrEmailAlreadyInUse', 'ErrPasswordMissing', 'ErrUnknown', 'ErrReserveGenoPro',
];

/**
 * Simulated card outcomes: the card processors' well-known test numbers (documented in server/README.md). Numbers
 * not listed: Luhn-valid → declined; Luhn-invalid → ErrCreditCardInvalid.
 */
export const TEST_CARDS: Record<string, T.ErrorName> = {
  '4111111111111111': 'Ok',
  '4242424242424242': 'Ok',
  '5555555555554444': 'Ok',
  '4000000000000002': 'ErrCreditCardDecline',
  '4000000000009995': 'ErrCreditCardOverLimit',
  '4000000000000127': 'ErrCreditCardIncorrectCVC',
  '4000000000003220': 'ErrCreditCardAuthenticationRequired',
  '4000002760003184': 'ErrCreditCardAuthenticationRequired', // the SOAP 1.2 fixture's card
  '4000000000000119': 'ErrCreditCardIssuerNotAvailable',
  '378282246310005': 'ErrCreditCardNotSupported',
};

/** What the simulated processor says for each refusal: ErrorDescription and its own code in ErrorData. */
const PROCESSOR_ANSWERS: Partial<Record<T.ErrorName, [description: string, code: string]>> = {
  ErrCreditCardDecline: ['The card was declined.', 'card_declined'],
  ErrCreditCardOverLimit: ['The card has insufficient funds.', 'insufficient_funds'],
  ErrCreditCardIncorrectCVC: ["The card's security code is incorrect.", 'incorrect_cvc'],
  ErrCreditCardAuthenticationRequired: ['The card issuer requires authentication of this payment.', 'authentication_required'],
  ErrCreditCardIssuerNotAvailable: ['The card issuer could not be reached.', 'issuer_not_available'],
  ErrCreditCardNotSupported: ['This card brand is not accepted.', 'card_not_supported'],
};

/** GenoPro versions a key can be bought for (ErrDownloadVersionDoesNotExist otherwise). */
export const VERSIONS = [2, 3];
/** Currencies the simulated processor settles; the rest of the enumeration answers ErrCreditCardCurrencyNotSupported. */
export const SETTLED_CURRENCIES: T.Currency[] = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY'];
/** A second identical charge (same card, amount, currency) within this window is refused as a duplicate. */
const DUPLICATE_WINDOW_MS = 60_000;

function transactionId(): string {
  return `sim_${crypto.randomBytes(12).toString('hex')}`;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function fail(name: T.ErrorName, sParam: string, description: string): T.PurchaseResponse {
  return {
    PurchaseResult: {
      Error: { sParam, ErrorCode: ERROR_NAMES.indexOf(name), ErrorName: name, ErrorDescription: description, ErrorData: '' },
      // Present and empty on a failure, as the SOAP 1.2 response fixture shows them.
      InvoiceNumber: '',
      Key: '',
    },
  };
}

export function genoproHandlers(db: Db, fingerprintKey: Buffer): WsHandlers {
  const insert = db.prepare(`INSERT INTO genopro_purchases
    (invoice_number, registration_key, transaction_id, version, currency, quantity, amount, package, coupon, old_keys,
     card_last4, card_fingerprint, country, name_on_card, email, created_at)
    VALUES (@invoice, @key, @tx, @version, @currency, @quantity, @amount, @package, @coupon, @oldKeys, @last4, @fp, @country, @name, @email, @now)`);
  const recent = db.prepare('SELECT 1 FROM genopro_purchases WHERE card_fingerprint = ? AND amount = ? AND currency = ? AND created_at > ? LIMIT 1');

  // Duplicate check and insert in one transaction, so two identical simultaneous charges cannot both pass.
  const charge = db.transaction((row: Record<string, unknown>, since: string): boolean => {
    if (recent.get(row.fp, row.amount, row.currency, since)) return false;
    row.invoice = `GP-${new Date().getUTCFullYear()}-${String(nextCounter(db, 'genopro.invoice', 100001)).padStart(6, '0')}`;
    insert.run(row);
    return true;
  });

  return {
    purchase(input) {
      if (!VERSIONS.includes(input.Version)) return fail('ErrDownloadVersionDoesNotExist', 'Version', `GenoPro version ${input.Version} cannot be purchased; versions: ${VERSIONS.join(', ')}`);
      if (input.Quantity < 1 || input.Quantity > 1000) return fail('ErrMissingInformation', 'Quantity', 'Quantity must be between 1 and 1000');
      const amount = (input.Amount ?? '').trim();
      if (!/^\d{1,9}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) return fail('ErrMissingInformation', 'Amount', 'Amount must be a positive number such as 49.00');
      const number = (input.CreditCardNumber ?? '').replace(/[\s-]/g, '');
      if (number === '') return fail('ErrMissingInformation', 'CreditCardNumber', 'A credit card number is required');
      if (!/^\d{12,19}$/.test(number) || !luhn(number)) return fail('ErrCreditCardInvalid', 'CreditCardNumber', 'The credit card number is not valid');
      if (!(input.NameOnCard ?? '').trim()) return fail('ErrCreditCardNameNotIncluded', 'NameOnCard', 'The name on the card is required');
      if (input.ExpirationMonth < 1 || input.ExpirationMonth > 12) return fail('ErrCreditCardInvalid', 'ExpirationMonth', 'ExpirationMonth must be 1..12');
      const now = new Date();
      const year = input.ExpirationYear < 100 ? 2000 + input.ExpirationYear : input.ExpirationYear;
      if (year * 12 + input.ExpirationMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
        return fail('ErrCreditCardExpired', 'ExpirationYear', 'The credit card has expired');
      }
      if (!SETTLED_CURRENCIES.includes(input.Currency)) return fail('ErrCreditCardCurrencyNotSupported', 'Currency', `Payments in ${input.Currency} are not supported`);
      const outcome = TEST_CARDS[number] ?? 'ErrCreditCardDecline';
      if (outcome !== 'Ok') {
        // A refusal by the processor (not by our checks): no sParam, the processor's code and attempt id (as the fixture shows).
        const [description, code] = PROCESSOR_ANSWERS[outcome]!;
        const refused = fail(outcome, '', description);
        refused.PurchaseResult!.Error!.ErrorData = code;
        refused.PurchaseResult!.TransactionId = transactionId();
        return refused;
      }

      const row: Record<string, unknown> = {
        key: `GP${input.Version}-${randomCode(4, 4)}`,
        tx: transactionId(),
        version: input.Version,
        currency: input.Currency,
        quantity: input.Quantity,
        amount,
        package: input.Package ?? null,
        coupon: input.Coupon ?? null,
        oldKeys: input.OldKeys ?? null,
        last4: number.slice(-4),
        fp: crypto.createHmac('sha256', fingerprintKey).update(number).digest('hex'),
        country: input.Country ?? null,
        name: input.NameOnCard ?? null,
        email: input.Usage?.Email ?? null,
        now: now.toISOString(),
      };
      if (!charge(row, new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString())) {
        return fail('ErrCreditCardDuplicate', 'CreditCardNumber', 'An identical charge was made less than a minute ago');
      }
      return {
        PurchaseResult: {
          Error: { sParam: '', ErrorCode: 0, ErrorName: 'Ok', ErrorDescription: '', ErrorData: '' },
          InvoiceNumber: row.invoice as string,
          Key: row.key as string,
          TransactionId: row.tx as string,
        },
      };
    },
  };
}
