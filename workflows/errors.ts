// Moved to contracts/ (pure, bundle-safe); kept so existing imports keep working.
export * from '../contracts/errors';
