// Filled in by the foundation work: creates and migrates the test database, picks a Redis prefix.
export default async function setup(): Promise<void> {}
