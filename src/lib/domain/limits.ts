import type { Actor } from './actors';
import { DomainError } from './errors';

/** Whose attempts a window counts: one account's, or one address's (an IPv6 /64 is one address). */
export type LimitScope = 'account' | 'address';

/** One counter of a limit: at most `points` attempts per `windowSeconds`, per account or per address. */
export interface LimitWindow {
	/** The rule in RULES.md this window implements. */
	readonly rule: `R${number}`;
	readonly per: LimitScope;
	readonly points: number;
	readonly windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Every write limit, keyed by the command it guards; each service method takes one point of its command before it
 * writes, so form actions, the HTTP API and socket handlers share the same counters. An attempt must pass every
 * window whose scope it has a key for.
 *
 * R1–R3: failures against one account are limited per address, so passwords cannot be guessed and yet a stranger
 * cannot lock the owner out (an account-wide lock would hand anyone a way to silence a councillor); attempts per
 * address are limited because each one costs a deliberately slow hash.
 *
 * R4–R6: per account tight enough that one person cannot flood a room, per address about ten times that, because a
 * town hall puts hundreds of people behind one venue's Wi-Fi and most of them post little; the daily windows are
 * twenty times, since a day-long event sees more distinct people than any one minute does.
 */
export const LIMITS = {
	/** R1: failed sign-ins against one e-mail from one address; its "account" key is the e-mail and the address. */
	'account.signInFailure': [{ rule: 'R1', per: 'account', points: 10, windowSeconds: 15 * MINUTE }],
	/** R2: sign-in attempts from one address. */
	'account.signIn': [{ rule: 'R2', per: 'address', points: 300, windowSeconds: 15 * MINUTE }],
	/** R3: sign-up attempts from one address. */
	'account.signUp': [{ rule: 'R3', per: 'address', points: 60, windowSeconds: HOUR }],
	/** R4: new ideas. */
	'idea.create': [
		{ rule: 'R4', per: 'account', points: 5, windowSeconds: MINUTE },
		{ rule: 'R4', per: 'account', points: 30, windowSeconds: DAY },
		{ rule: 'R4', per: 'address', points: 50, windowSeconds: MINUTE },
		{ rule: 'R4', per: 'address', points: 600, windowSeconds: DAY }
	],
	/** R5: votes cast, changed or withdrawn, together. */
	'vote.cast': [
		{ rule: 'R5', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R5', per: 'address', points: 1200, windowSeconds: MINUTE }
	],
	/** R6: new comments. */
	'comment.add': [
		{ rule: 'R6', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R6', per: 'account', points: 200, windowSeconds: DAY },
		{ rule: 'R6', per: 'address', points: 100, windowSeconds: MINUTE },
		{ rule: 'R6', per: 'address', points: 4000, windowSeconds: DAY }
	],
	/** R8: comment edits. */
	'comment.edit': [
		{ rule: 'R8', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R8', per: 'account', points: 100, windowSeconds: DAY },
		{ rule: 'R8', per: 'address', points: 100, windowSeconds: MINUTE },
		{ rule: 'R8', per: 'address', points: 2000, windowSeconds: DAY }
	],
	/** R8: comment deletions. */
	'comment.delete': [
		{ rule: 'R8', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R8', per: 'account', points: 100, windowSeconds: DAY },
		{ rule: 'R8', per: 'address', points: 100, windowSeconds: MINUTE },
		{ rule: 'R8', per: 'address', points: 2000, windowSeconds: DAY }
	],
	/** R9: comment upvotes given or taken back, together (like votes, R5). */
	'comment.upvote': [
		{ rule: 'R9', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R9', per: 'address', points: 1200, windowSeconds: MINUTE }
	],
	/**
	 * R10: image uploads. Each costs a decode and three encodes (about half a second of one core for a phone photo), so
	 * fewer than ideas would allow: five ideas a minute with five images each.
	 */
	'image.upload': [
		{ rule: 'R10', per: 'account', points: 25, windowSeconds: MINUTE },
		{ rule: 'R10', per: 'account', points: 150, windowSeconds: DAY },
		{ rule: 'R10', per: 'address', points: 120, windowSeconds: MINUTE },
		{ rule: 'R10', per: 'address', points: 1500, windowSeconds: DAY }
	],
	/** R11: edits of one's own ideas (I7): a few corrections in a row, not a stream of rewrites. */
	'idea.edit': [
		{ rule: 'R11', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R11', per: 'account', points: 100, windowSeconds: DAY },
		{ rule: 'R11', per: 'address', points: 100, windowSeconds: MINUTE }
	],
	/** R12: withdrawals (I9), an author's or a moderator's. */
	'idea.withdraw': [
		{ rule: 'R12', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R12', per: 'account', points: 200, windowSeconds: DAY }
	],
	/** R13: duplicate marks set and undone together (I10): a moderator sorting a board does dozens, not thousands. */
	'idea.markDuplicate': [
		{ rule: 'R13', per: 'account', points: 30, windowSeconds: MINUTE },
		{ rule: 'R13', per: 'account', points: 1000, windowSeconds: DAY }
	],
	/**
	 * R14: similar-idea look-ups (a full-text query each) while a title is typed, one per pause of a quarter second:
	 * a person typing steadily asks about once a second.
	 */
	'idea.similar': [
		{ rule: 'R14', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R14', per: 'address', points: 1200, windowSeconds: MINUTE }
	],
	/**
	 * R18: live map watches set or replaced (M6), each a few room joins on the node: a map sends one per pan or zoom
	 * that settles, so a person exploring steadily sends about one a second. Guests count by address only.
	 */
	'map.watch': [
		{ rule: 'R18', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R18', per: 'address', points: 1200, windowSeconds: MINUTE }
	],
	/**
	 * R24: map views built for a filter combination no cache holds (M21): a cluster index, district numbers or heat
	 * points, each read from every idea the filters keep. A person trying filters builds a few a minute; a loop over
	 * combinations is refused before it can keep the database busy.
	 */
	'map.build': [
		{ rule: 'R24', per: 'account', points: 30, windowSeconds: MINUTE },
		// A town hall's room shares one address (R18, Y8): ten people exploring filters at once.
		{ rule: 'R24', per: 'address', points: 300, windowSeconds: MINUTE }
	],
	/**
	 * R19: open-data downloads (M12), each a stream of a whole project's ideas: enough for a person or a nightly
	 * harvester, not for a loop that keeps a database busy.
	 */
	'openData.export': [
		{ rule: 'R19', per: 'address', points: 30, windowSeconds: MINUTE },
		{ rule: 'R19', per: 'address', points: 300, windowSeconds: DAY }
	],
	/**
	 * R22: named versions and restores of a document, together (D32, D38). Each stores the document's whole state (up
	 * to 4 MiB, Y3), so a few a minute serve any writing session while a script cannot fill the disk.
	 */
	'document.version': [
		{ rule: 'R22', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R22', per: 'account', points: 100, windowSeconds: DAY },
		{ rule: 'R22', per: 'address', points: 100, windowSeconds: MINUTE }
	],
	/**
	 * R23: reading a document's history the heavy way: a version rendered, compared with now, or who wrote what. Each
	 * loads and renders whole documents, so a reader who clicks through a draft's versions is served while a loop,
	 * signed in or not, is not.
	 */
	'document.read': [
		{ rule: 'R23', per: 'account', points: 60, windowSeconds: MINUTE },
		{ rule: 'R23', per: 'address', points: 120, windowSeconds: MINUTE }
	],
	/** R15: new drafts (D1), like new ideas (R4): a draft is an idea being written. */
	'draft.create': [
		{ rule: 'R15', per: 'account', points: 5, windowSeconds: MINUTE },
		{ rule: 'R15', per: 'account', points: 30, windowSeconds: DAY },
		{ rule: 'R15', per: 'address', points: 50, windowSeconds: MINUTE },
		{ rule: 'R15', per: 'address', points: 600, windowSeconds: DAY }
	],
	/**
	 * R16: what reaches other people: invitations by name, share links made, requests to join. A co-author invites a
	 * handful of people, not a street's worth; each request lands in someone's list.
	 */
	'draft.invite': [
		{ rule: 'R16', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R16', per: 'account', points: 200, windowSeconds: DAY },
		{ rule: 'R16', per: 'address', points: 200, windowSeconds: MINUTE }
	],
	/**
	 * R17: every other change of a draft (answers, links used or revoked, leaving, visibility, publish, reopen, a
	 * refresh of its listing, which reads the whole document): a busy co-author clicks a few a minute.
	 */
	'draft.change': [
		{ rule: 'R17', per: 'account', points: 60, windowSeconds: MINUTE },
		{ rule: 'R17', per: 'account', points: 1000, windowSeconds: DAY },
		{ rule: 'R17', per: 'address', points: 600, windowSeconds: MINUTE }
	],
	/**
	 * R25: the city's official responses and the settings of its promise. Staff answer a queue one idea at a time,
	 * with a written message each; a stolen staff session should not rewrite a thousand statuses in a minute.
	 */
	'idea.answer': [
		{ rule: 'R25', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R25', per: 'account', points: 500, windowSeconds: DAY }
	],
	'project.answerPromise': [{ rule: 'R25', per: 'account', points: 20, windowSeconds: MINUTE }],
	/** R26: following and unfollowing ideas and projects, together: a click each, and each reshapes who is told what. */
	'follow.set': [
		{ rule: 'R26', per: 'account', points: 60, windowSeconds: MINUTE },
		{ rule: 'R26', per: 'address', points: 600, windowSeconds: MINUTE }
	],
	/** R28: the city's status names and colours (ST9): one form saves all six; an admin tries a few. */
	'status.labels': [{ rule: 'R28', per: 'account', points: 20, windowSeconds: MINUTE }],
	/** R29: e-mail choices saved (N6): a settings form, saved a few times. */
	'notification.preferences': [
		{ rule: 'R29', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R29', per: 'address', points: 200, windowSeconds: MINUTE }
	],
	/** R27: marking notifications read: the bell is opened often, but each mark is one write. */
	'notification.read': [
		{ rule: 'R27', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R27', per: 'address', points: 1200, windowSeconds: MINUTE }
	],
	/**
	 * R35: "send the verification e-mail again": a person whose e-mail is slow asks once or twice, not every minute;
	 * each one lands in someone's mailbox.
	 */
	'verify.resend': [
		{ rule: 'R35', per: 'account', points: 3, windowSeconds: 15 * MINUTE },
		{ rule: 'R35', per: 'account', points: 10, windowSeconds: DAY },
		{ rule: 'R35', per: 'address', points: 60, windowSeconds: HOUR }
	],
	/**
	 * R36: link pages looked at and links used (verification and reset), per address: a link's 256 random bits cannot
	 * be guessed, and this keeps anyone from trying at volume anyway.
	 */
	'link.use': [{ rule: 'R36', per: 'address', points: 60, windowSeconds: 15 * MINUTE }],
	/**
	 * R37: "forgot password" requests, per address and per e-mail address asked about (its "account" key), whether an
	 * account has it or not, so the limit tells nothing either (E8).
	 */
	'reset.request': [
		{ rule: 'R37', per: 'account', points: 3, windowSeconds: HOUR },
		{ rule: 'R37', per: 'account', points: 10, windowSeconds: DAY },
		{ rule: 'R37', per: 'address', points: 30, windowSeconds: HOUR }
	],
	/** R38: new passwords submitted through reset links, per address: each costs a slow hash. */
	'reset.submit': [{ rule: 'R38', per: 'address', points: 20, windowSeconds: 15 * MINUTE }],
	/**
	 * R39: account e-mails reaching one address (its "account" key), whoever asks and why: nobody can use Agora to
	 * fill a stranger's mailbox. Over it nothing is sent, silently (E8 forbids telling).
	 */
	'mail.recipient': [{ rule: 'R39', per: 'account', points: 10, windowSeconds: DAY }],
	/**
	 * R30: reports (MO1): one per item and person is the rule already; this bounds a person going through a board
	 * flagging everything, and an address full of fresh accounts.
	 */
	'moderation.report': [
		{ rule: 'R30', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R30', per: 'account', points: 200, windowSeconds: DAY },
		{ rule: 'R30', per: 'address', points: 200, windowSeconds: MINUTE }
	],
	/**
	 * R31: hiding, restoring and dismissing together (MO3–MO5): a moderator clearing a spam wave works through a
	 * hundred items in minutes, so this is generous; it still bounds a stolen moderator session.
	 */
	'moderation.decide': [
		{ rule: 'R31', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R31', per: 'account', points: 3000, windowSeconds: DAY }
	],
	/** R32: blocks and unblocks together (MO6): each closes or reopens every write path of one account. */
	'moderation.block': [
		{ rule: 'R32', per: 'account', points: 30, windowSeconds: MINUTE },
		{ rule: 'R32', per: 'account', points: 500, windowSeconds: DAY }
	],
	/** R33: audit log exports (MO7), each a stream of the whole filtered log. */
	'moderation.export': [
		{ rule: 'R33', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R33', per: 'account', points: 200, windowSeconds: DAY }
	],
	/**
	 * R40: projects created or edited in the staff console (AD4). An admin setting up a city edits a few dozen in an
	 * afternoon; a stolen session cannot rewrite every project in a loop.
	 */
	'admin.project': [
		{ rule: 'R40', per: 'account', points: 30, windowSeconds: MINUTE },
		{ rule: 'R40', per: 'account', points: 500, windowSeconds: DAY }
	],
	/** R41: topics created, edited or deleted (AD7, AD8). */
	'admin.topic': [
		{ rule: 'R41', per: 'account', points: 30, windowSeconds: MINUTE },
		{ rule: 'R41', per: 'account', points: 300, windowSeconds: DAY }
	],
	/** R42: districts files uploaded (AD9), each parsed whole (up to 5 MB) and checked against every idea. */
	'admin.districts': [
		{ rule: 'R42', per: 'account', points: 10, windowSeconds: HOUR },
		{ rule: 'R42', per: 'account', points: 50, windowSeconds: DAY }
	],
	/** R43: staff invitations made or revoked (AD10); accepting one counts per account and address. */
	'admin.invite': [
		{ rule: 'R43', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R43', per: 'account', points: 200, windowSeconds: DAY }
	],
	'admin.acceptInvitation': [
		{ rule: 'R43', per: 'account', points: 10, windowSeconds: HOUR },
		{ rule: 'R43', per: 'address', points: 60, windowSeconds: HOUR }
	],
	/** R44: staff roles changed and facilitators assigned to projects (AD3, AD11). */
	'admin.staff': [
		{ rule: 'R44', per: 'account', points: 60, windowSeconds: MINUTE },
		{ rule: 'R44', per: 'account', points: 1000, windowSeconds: DAY }
	],
	/** R45: point weights changed by an admin (PT2); each change is published on the "how points work" page. */
	'points.setWeights': [
		{ rule: 'R45', per: 'account', points: 10, windowSeconds: MINUTE },
		{ rule: 'R45', per: 'account', points: 100, windowSeconds: DAY }
	],
	/** R50: a person's reward choices (LB2 opt-out, BG3 home district) changed. */
	'points.preferences': [
		{ rule: 'R50', per: 'account', points: 20, windowSeconds: MINUTE },
		{ rule: 'R50', per: 'account', points: 200, windowSeconds: DAY }
	],
	/**
	 * R46: boards followed live (LB9), each a room join and a board read: a page follows one or two boards and changes
	 * them when its visitor switches tabs. A venue's Wi-Fi shares one address (R18).
	 */
	'leaderboard.watch': [
		{ rule: 'R46', per: 'account', points: 60, windowSeconds: MINUTE },
		{ rule: 'R46', per: 'address', points: 600, windowSeconds: MINUTE }
	],
	/**
	 * R47: board pages and standings read (LB3), each counting index entries up to the depth asked: a person paging
	 * through a board reads a few a second at most, a script reading deep pages in a loop is held back.
	 */
	'leaderboard.read': [
		{ rule: 'R47', per: 'account', points: 120, windowSeconds: MINUTE },
		{ rule: 'R47', per: 'address', points: 1200, windowSeconds: MINUTE }
	]
} as const satisfies Record<string, readonly LimitWindow[]>;

export type LimitName = keyof typeof LIMITS;

/**
 * R7: live connections (Socket.io now; the same counters suit the Yjs endpoint), per node. A venue's Wi-Fi may carry
 * a thousand people, each with a tab open, who all reconnect at once after a restart; one account needs a few tabs
 * and devices, never dozens.
 */
export const CONNECTION_LIMITS = {
	/** Open connections from one address. */
	openPerAddress: 1000,
	/** Open connections of one account. */
	openPerAccount: 20,
	/** Handshakes from one address, checked before the session is read (which costs a store query). */
	handshakesPerAddress: { points: 1200, windowSeconds: 60 },
	/** Handshakes of one account. */
	handshakesPerAccount: { points: 120, windowSeconds: 60 }
} as const;

export type ConnectionLimitNumbers = {
	readonly openPerAddress: number;
	readonly openPerAccount: number;
	readonly handshakesPerAddress: { readonly points: number; readonly windowSeconds: number };
	readonly handshakesPerAccount: { readonly points: number; readonly windowSeconds: number };
};

/** The keys one attempt is counted under; a window whose scope has no key here does not apply. */
export interface LimitSubject {
	readonly account?: string;
	readonly address?: string;
}

/**
 * The key an address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 network, since one
 * household or phone gets a whole /64 and could otherwise step around any limit.
 */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!address.includes(':')) return address;
	const [head = '', tail = ''] = address.toLowerCase().split('::');
	const headGroups = head ? head.split(':') : [];
	const tailGroups = tail ? tail.split(':') : [];
	const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
	const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
	return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** What an actor's attempts count against: its account when signed in, its address when the transport knew it. */
export function limitSubjectOf(actor: Actor): LimitSubject {
	return {
		...(actor.kind === 'user' ? { account: actor.userId } : {}),
		...(actor.address ? { address: addressKey(actor.address) } : {})
	};
}

/** The parameters of a `rate_limited` message: seconds for programs, whole minutes for people. */
export function retryParams(retryAfterSeconds: number): { retryAfterSeconds: number; minutes: number } {
	const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
	return { retryAfterSeconds: seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) };
}

/** The one way a limit refuses: `rate_limited`, saying (in the reader's words, at the edge) when to try again. */
export function rateLimitedError(retryAfterSeconds: number): DomainError {
	return new DomainError('rate_limited', 'rate_limited', retryParams(retryAfterSeconds));
}
