// autocannon ships no type declarations; the bench uses it through a narrow, untyped call.
declare module 'autocannon';
