// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class InternerTest {

	@Test
	void equalStringsBecomeOneInstanceWhicheverComesFirst() {
		Interner interner = new Interner();
		String first = new String("compute:build");
		String second = new String("compute:build");
		assertSame(first, interner.intern(first));
		assertSame(first, interner.intern(second), "an equal string gets the first instance");
		assertSame(first, interner.intern(first), "the canonical instance is its own answer");
		// strings whose hashes collide in the fast slot still intern apart ("Aa" and "BB" share a hash)
		String aa = interner.intern(new String("Aa"));
		String bb = interner.intern(new String("BB"));
		assertEquals("Aa", interner.intern(new String("Aa")));
		assertSame(aa, interner.intern(new String("Aa")));
		assertSame(bb, interner.intern(new String("BB")));
		assertNull(interner.intern(null));
	}

	@Test
	void pastItsCapacityItStopsAdding() {
		Interner interner = new Interner(2);
		interner.intern("a");
		interner.intern("b");
		String c = new String("c");
		assertSame(c, interner.intern(c));
		assertNotSame(c, interner.intern(new String("c")), "c was not added");
		assertSame("a", interner.intern(new String("a")));
	}
}
