package io.tandem.dispatch;

import java.util.List;

/** The typed reply of {@link Keeper#keep}. */
public interface Kept
{
    void kept(List<Long> values);
}
