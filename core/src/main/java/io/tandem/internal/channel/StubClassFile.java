package io.tandem.internal.channel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.BufferOverflowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The class file of one stub (see {@link WriterStubs}): {@code final class <name> extends WriterStub implements I},
 * a constructor taking the {@link StubTarget}, and per method of {@code I} one of two bodies:
 * <pre>{@code
 * // write: the method of the current writer, typed, nothing boxed
 * public long m(int a, String b) {
 *     Object w = target.writer();
 *     try { return ((I) w).m(a, b); }
 *     catch (BufferOverflowException e) { target.retryStaged(e); return ((I) w).m(a, b); }
 * }
 * // call: a method with a result, sent as a call
 * public long m(int a, String b) { return ((Long) target.call(index, new Object[] {a, b})).longValue(); }
 * }</pre>
 * Class-file version 49: no stack map frames to write (its exception handler needs none), and nothing in a stub
 * needs a later version. Straight-line code but for that handler, so the byte offsets below are all there is.
 */
final class StubClassFile
{
    private static final int VERSION_49 = 49;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;

    private static final int ALOAD_0 = 0x2a;
    private static final int ALOAD_1 = 0x2b;
    private static final int ILOAD = 0x15;
    private static final int LLOAD = 0x16;
    private static final int FLOAD = 0x17;
    private static final int DLOAD = 0x18;
    private static final int ALOAD = 0x19;
    private static final int ASTORE = 0x3a;
    private static final int SIPUSH = 0x11;
    private static final int DUP = 0x59;
    private static final int AASTORE = 0x53;
    private static final int IRETURN = 0xac;
    private static final int LRETURN = 0xad;
    private static final int FRETURN = 0xae;
    private static final int DRETURN = 0xaf;
    private static final int ARETURN = 0xb0;
    private static final int RETURN = 0xb1;
    private static final int GETFIELD = 0xb4;
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESPECIAL = 0xb7;
    private static final int INVOKESTATIC = 0xb8;
    private static final int INVOKEINTERFACE = 0xb9;
    private static final int ANEWARRAY = 0xbd;
    private static final int CHECKCAST = 0xc0;

    private static final String STUB = WriterStub.class.getName().replace('.', '/');
    private static final String TARGET = StubTarget.class.getName().replace('.', '/');
    private static final String TARGET_DESC = 'L' + TARGET + ';';

    private final ConstantPool pool = new ConstantPool();
    private final List<byte[]> methods = new ArrayList<>();
    private final String iface;

    private StubClassFile(final Class<?> type)
    {
        this.iface = internalName(type);
    }

    /**
     * @param className      the stub's binary name, in {@link WriterStub}'s package.
     * @param methods        the methods to implement, in index order.
     * @param callsForValues true to send a method with a result as a call, false to write every method.
     * @return the class file.
     */
    static byte[] of(final String className, final Class<?> type, final Method[] methods, final boolean callsForValues)
    {
        final StubClassFile file = new StubClassFile(type);
        file.constructor();
        for (int i = 0; i < methods.length; i++)
        {
            if (callsForValues && methods[i].getReturnType() != void.class)
            {
                file.call(methods[i], i);
            }
            else
            {
                file.write(methods[i]);
            }
        }
        return file.toBytes(className.replace('.', '/'));
    }

    private void constructor()
    {
        final Code code = new Code();
        code.op(ALOAD_0).op(ALOAD_1).op(INVOKESPECIAL).u2(pool.method(STUB, "<init>", "(" + TARGET_DESC + ")V")).op(RETURN);
        methods.add(code.method(pool, ACC_PUBLIC, "<init>", "(" + TARGET_DESC + ")V", 2, 2, null));
    }

    private void write(final Method m)
    {
        final String descriptor = descriptor(m);
        final int argSlots = argSlots(m);
        final int writerLocal = 1 + argSlots;
        final int errorLocal = writerLocal + 1;
        final Code code = new Code();
        code.op(ALOAD_0).op(GETFIELD).u2(pool.field(STUB, "target", TARGET_DESC));
        code.op(INVOKEVIRTUAL).u2(pool.method(TARGET, "writer", "()Ljava/lang/Object;"));
        code.op(ASTORE).u1(writerLocal);
        final int tryStart = code.size();
        invokeWriter(code, m, writerLocal, descriptor, argSlots);
        final int tryEnd = code.size();
        returnValue(code, m.getReturnType());
        final int handler = code.size();
        code.op(ASTORE).u1(errorLocal);
        code.op(ALOAD_0).op(GETFIELD).u2(pool.field(STUB, "target", TARGET_DESC));
        code.op(ALOAD).u1(errorLocal);
        code.op(INVOKEVIRTUAL).u2(pool.method(TARGET, "retryStaged", "(Ljava/nio/BufferOverflowException;)V"));
        invokeWriter(code, m, writerLocal, descriptor, argSlots);
        returnValue(code, m.getReturnType());
        final int[] exceptionTable = {tryStart, tryEnd, handler, pool.type(internalName(BufferOverflowException.class))};
        methods.add(code.method(pool, ACC_PUBLIC, m.getName(), descriptor, 2 + argSlots, errorLocal + 1, exceptionTable));
    }

    private void invokeWriter(final Code code, final Method m, final int writerLocal, final String descriptor, final int argSlots)
    {
        code.op(ALOAD).u1(writerLocal).op(CHECKCAST).u2(pool.type(iface));
        int slot = 1;
        for (final Class<?> p : m.getParameterTypes())
        {
            code.op(loadOp(p)).u1(slot);
            slot += slots(p);
        }
        code.op(INVOKEINTERFACE).u2(pool.interfaceMethod(iface, m.getName(), descriptor)).u1(1 + argSlots).u1(0);
    }

    private void call(final Method m, final int index)
    {
        final Class<?>[] params = m.getParameterTypes();
        final Code code = new Code();
        code.op(ALOAD_0).op(GETFIELD).u2(pool.field(STUB, "target", TARGET_DESC));
        code.op(SIPUSH).u2(index);
        code.op(SIPUSH).u2(params.length).op(ANEWARRAY).u2(pool.type("java/lang/Object"));
        int slot = 1;
        for (int i = 0; i < params.length; i++)
        {
            final Class<?> p = params[i];
            code.op(DUP).op(SIPUSH).u2(i).op(loadOp(p)).u1(slot);
            if (p.isPrimitive())
            {
                final String box = internalName(boxOf(p));
                code.op(INVOKESTATIC).u2(pool.method(box, "valueOf", "(" + descriptorOf(p) + ")L" + box + ';'));
            }
            code.op(AASTORE);
            slot += slots(p);
        }
        code.op(INVOKEVIRTUAL).u2(pool.method(TARGET, "call", "(I[Ljava/lang/Object;)Ljava/lang/Object;"));
        final Class<?> returns = m.getReturnType();
        if (returns.isPrimitive())
        {
            final String box = internalName(boxOf(returns));
            code.op(CHECKCAST).u2(pool.type(box));
            code.op(INVOKEVIRTUAL).u2(pool.method(box, returns.getName() + "Value", "()" + descriptorOf(returns)));
        }
        else
        {
            code.op(CHECKCAST).u2(pool.type(internalName(returns)));
        }
        returnValue(code, returns);
        methods.add(code.method(pool, ACC_PUBLIC, m.getName(), descriptor(m), 8, 1 + argSlots(m), null));
    }

    private static void returnValue(final Code code, final Class<?> type)
    {
        if (type == void.class)
        {
            code.op(RETURN);
        }
        else if (type == long.class)
        {
            code.op(LRETURN);
        }
        else if (type == double.class)
        {
            code.op(DRETURN);
        }
        else if (type == float.class)
        {
            code.op(FRETURN);
        }
        else if (type.isPrimitive())
        {
            code.op(IRETURN);
        }
        else
        {
            code.op(ARETURN);
        }
    }

    private static int loadOp(final Class<?> type)
    {
        if (type == long.class)
        {
            return LLOAD;
        }
        if (type == double.class)
        {
            return DLOAD;
        }
        if (type == float.class)
        {
            return FLOAD;
        }
        return type.isPrimitive() ? ILOAD : ALOAD;
    }

    private static int slots(final Class<?> type)
    {
        return type == long.class || type == double.class ? 2 : 1;
    }

    /** @return the local-variable slots the arguments of {@code m} take. */
    static int argSlots(final Method m)
    {
        int n = 0;
        for (final Class<?> p : m.getParameterTypes())
        {
            n += slots(p);
        }
        return n;
    }

    private static Class<?> boxOf(final Class<?> primitive)
    {
        return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
    }

    static String internalName(final Class<?> type)
    {
        return type.getName().replace('.', '/');
    }

    private static String descriptor(final Method m)
    {
        final StringBuilder sb = new StringBuilder("(");
        for (final Class<?> p : m.getParameterTypes())
        {
            sb.append(descriptorOf(p));
        }
        return sb.append(')').append(descriptorOf(m.getReturnType())).toString();
    }

    private static String descriptorOf(final Class<?> type)
    {
        return type.descriptorString();
    }

    private byte[] toBytes(final String thisName)
    {
        final int thisClass = pool.type(thisName);
        final int superClass = pool.type(STUB);
        final int ifaceClass = pool.type(iface);
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            final DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(VERSION_49);
            pool.writeTo(out);
            out.writeShort(ACC_FINAL | ACC_SUPER);
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(1);
            out.writeShort(ifaceClass);
            out.writeShort(0); // fields: the target is the superclass's
            out.writeShort(methods.size());
            for (final byte[] m : methods)
            {
                out.write(m);
            }
            out.writeShort(0); // attributes
            out.flush();
            return bytes.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex); // a byte array does not fail
        }
    }

    /** The constant pool, each entry once. */
    private static final class ConstantPool
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final Map<String, Integer> entries = new HashMap<>();
        private int count = 1;

        int utf8(final String s)
        {
            return entry("U" + s, () ->
            {
                out.writeByte(1);
                out.writeUTF(s);
            });
        }

        int type(final String internalName)
        {
            final int name = utf8(internalName);
            return entry("C" + internalName, () ->
            {
                out.writeByte(7);
                out.writeShort(name);
            });
        }

        int field(final String owner, final String name, final String descriptor)
        {
            return member(9, owner, name, descriptor);
        }

        int method(final String owner, final String name, final String descriptor)
        {
            return member(10, owner, name, descriptor);
        }

        int interfaceMethod(final String owner, final String name, final String descriptor)
        {
            return member(11, owner, name, descriptor);
        }

        private int member(final int tag, final String owner, final String name, final String descriptor)
        {
            final int ownerIndex = type(owner);
            final int nameIndex = utf8(name);
            final int descriptorIndex = utf8(descriptor);
            final int nameAndType = entry("N" + name + ' ' + descriptor, () ->
            {
                out.writeByte(12);
                out.writeShort(nameIndex);
                out.writeShort(descriptorIndex);
            });
            return entry(tag + owner + '.' + name + ' ' + descriptor, () ->
            {
                out.writeByte(tag);
                out.writeShort(ownerIndex);
                out.writeShort(nameAndType);
            });
        }

        private int entry(final String key, final Writer writer)
        {
            final Integer known = entries.get(key);
            if (known != null)
            {
                return known;
            }
            try
            {
                writer.write();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            entries.put(key, count);
            return count++;
        }

        void writeTo(final DataOutputStream file) throws IOException
        {
            out.flush();
            file.writeShort(count);
            bytes.writeTo(file);
        }

        /** Writes one entry. */
        private interface Writer
        {
            void write() throws IOException;
        }
    }

    /** One method's bytecode. */
    private static final class Code
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);

        Code op(final int opcode)
        {
            bytes.write(opcode);
            return this;
        }

        Code u1(final int value)
        {
            if (value < 0 || value > 0xff)
            {
                throw new IllegalArgumentException("a stub method with too many arguments: local " + value);
            }
            bytes.write(value);
            return this;
        }

        Code u2(final int value)
        {
            bytes.write(value >>> 8);
            bytes.write(value);
            return this;
        }

        int size()
        {
            return bytes.size();
        }

        /** @return the method_info: access, name, descriptor, one Code attribute. */
        byte[] method(final ConstantPool pool, final int access, final String name, final String descriptor,
            final int maxStack, final int maxLocals, final int[] exceptionTable)
        {
            try
            {
                final byte[] code = bytes.toByteArray();
                final ByteArrayOutputStream m = new ByteArrayOutputStream(code.length + 40);
                final DataOutputStream out = new DataOutputStream(m);
                out.writeShort(access);
                out.writeShort(pool.utf8(name));
                out.writeShort(pool.utf8(descriptor));
                out.writeShort(1);
                out.writeShort(pool.utf8("Code"));
                final int handlers = exceptionTable == null ? 0 : exceptionTable.length / 4;
                out.writeInt(2 + 2 + 4 + code.length + 2 + 8 * handlers + 2);
                out.writeShort(maxStack);
                out.writeShort(maxLocals);
                out.writeInt(code.length);
                out.write(code);
                out.writeShort(handlers);
                for (int i = 0; i < handlers * 4; i++)
                {
                    out.writeShort(exceptionTable[i]);
                }
                out.writeShort(0); // no attributes of the code
                out.flush();
                return m.toByteArray();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
