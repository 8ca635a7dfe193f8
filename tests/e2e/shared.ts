/** The admin account the first e2e file creates through the setup page; later files sign in with it. */
export const ADMIN = { username: 'admin', password: 'a long admin passphrase' };
