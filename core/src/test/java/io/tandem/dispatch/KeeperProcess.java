package io.tandem.dispatch;

import io.tandem.AsyncMessageProcess;
import io.tandem.MessageProcess;
import io.tandem.ProcessOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Keeps every argument it is given, by the number it carries, to find later whether it still holds it. */
public class KeeperProcess extends MessageProcess implements Keeper
{
    /** Made in the backend: a transient field is not shipped. */
    private transient Store store;

    public KeeperProcess(final String name, final ProcessOptions options)
    {
        super(name, options);
    }

    @Override
    protected void preRun()
    {
        store = new Store();
    }

    @Override
    public void keep(final List<Long> values)
    {
        store.keep(values);
        store.lastCaller = handlerCaller();
        frontend(Kept.class).kept(values);
    }

    @Override
    public void keepMap(final Map<String, Long> counts)
    {
        store.keepMap(counts);
    }

    @Override
    public String lastCaller()
    {
        return store.lastCaller;
    }

    @Override
    public int damaged()
    {
        return store.damaged();
    }

    @Override
    public int keptCount()
    {
        return store.lists.size();
    }

    /** @return the class of the first frame below this class's: what called the handler. */
    static String handlerCaller()
    {
        return StackWalker.getInstance().walk(frames -> frames
            .map(StackWalker.StackFrame::getClassName)
            .filter(name -> !name.equals(KeeperProcess.class.getName()) && !name.startsWith(KeeperProcess.class.getName() + "$"))
            .findFirst()
            .orElse("?"));
    }

    /** The same on an async process: handlers run on its executor while the reader decodes the next command. */
    public static class Async extends AsyncMessageProcess implements Keeper
    {
        private transient Store store;

        public Async(final String name, final ProcessOptions options)
        {
            super(name, options);
        }

        @Override
        protected void preRun()
        {
            store = new Store();
        }

        @Override
        public void keep(final List<Long> values)
        {
            store.keep(values);
            frontend(Kept.class).kept(values);
        }

        @Override
        public void keepMap(final Map<String, Long> counts)
        {
            store.keepMap(counts);
        }

        @Override
        public String lastCaller()
        {
            return "?"; // its handlers run on its executor
        }

        @Override
        public int damaged()
        {
            return store.damaged();
        }

        @Override
        public int keptCount()
        {
            return store.lists.size();
        }
    }

    /** Kept arguments by the number each was sent with; any thread. */
    static final class Store
    {
        final Map<Long, List<Long>> lists = new ConcurrentSkipListMap<>();
        final Map<Long, Map<String, Long>> maps = new ConcurrentSkipListMap<>();
        volatile String lastCaller;

        void keep(final List<Long> values)
        {
            lists.put(((Number)values.get(0)).longValue(), values);
        }

        void keepMap(final Map<String, Long> counts)
        {
            maps.put(((Number)counts.get("n")).longValue(), counts);
        }

        int damaged()
        {
            int damaged = 0;
            for (final Map.Entry<Long, List<Long>> e : lists.entrySet())
            {
                final List<Long> v = e.getValue();
                if (v.size() != 2 || ((Number)v.get(0)).longValue() != e.getKey() ||
                    ((Number)v.get(1)).longValue() != -e.getKey())
                {
                    damaged++;
                }
            }
            for (final Map.Entry<Long, Map<String, Long>> e : maps.entrySet())
            {
                final Map<String, Long> m = e.getValue();
                if (m.size() != 1 || m.get("n") == null || ((Number)m.get("n")).longValue() != e.getKey())
                {
                    damaged++;
                }
            }
            return damaged;
        }
    }
}
