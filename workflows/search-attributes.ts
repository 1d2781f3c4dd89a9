// Moved to contracts/ (shared by workflows, activities and the client); kept so existing imports keep working.
export * from '../contracts/search-attributes';
